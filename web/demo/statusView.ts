/**
 * Shows the connection: the badge in the top bar (which rings once per push), a banner while the
 * runtime cannot be reached, and, for a state that waiting does not change, a page that says why
 * in place of the lists.
 */
import type { PageState } from './connection';
import { byId, h } from './dom';

const BADGE: Record<PageState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  closed: 'Disconnected',
  'unknown-context': 'Unknown context',
  unauthenticated: 'Not signed in',
  forbidden: 'No access',
};

const code = (text: string) => h('code', {}, text);

/** Title, explanation and what to do, for the states that replace the lists. */
const unavailable = (state: PageState, context: string, known: readonly string[]) => {
  switch (state) {
    case 'unknown-context': {
      const others = known.filter((name) => name !== context);
      const links = others.flatMap((name, i) => [
        ...(i > 0 ? [', '] : []),
        h('a', { href: `?context=${encodeURIComponent(name)}` }, name),
      ]);
      return {
        title: `Unknown context '${context}'`,
        text: ['This runtime serves no context by that name, so there are no lists to show or to change here.'],
        hint: [
          ...(others.length > 0 ? ['Open ', ...links, ' instead, or create it: '] : ['Create it: ']),
          code(`npx cairn contexts create ${context}`),
          '.',
        ],
      };
    }
    case 'unauthenticated':
      return {
        title: 'Not signed in',
        text: ['The runtime asks for a token, and this page has none, or its token has expired.'],
        hint: [
          'Reload the page. The local runtime puts its dev token in the page only when it listens on loopback, or with ',
          code('CAIRN_EMBED_DEV_TOKEN=1'),
          '.',
        ],
      };
    default:
      return {
        title: `No access to context '${context}'`,
        text: [`This page's token is not granted context '${context}'.`],
        hint: ['Mint a token that is: ', code(`npm run token -- --context ${context}`), '.'],
      };
  }
};

export class StatusView {
  private readonly badge = byId('state');
  private readonly banner = byId('banner');
  private pushTimer: ReturnType<typeof setTimeout> | undefined;
  /** The contexts the runtime lists, for the unknown-context page's links. */
  known: readonly string[] = [];

  constructor(private readonly context: string) {}

  show(state: PageState): void {
    this.badge.dataset.state = state;
    byId('state-text').textContent = BADGE[state];
    this.showBanner(state);
    const replaced = state === 'unknown-context' || state === 'unauthenticated' || state === 'forbidden';
    byId('workspace').hidden = replaced;
    byId('unavailable').hidden = !replaced;
    if (!replaced) return;
    const { title, text, hint } = unavailable(state, this.context, this.known);
    byId('unavailable-title').textContent = title;
    byId('unavailable-text').replaceChildren(...text);
    byId('unavailable-hint').replaceChildren(...hint);
    document.title = `${title} — Cairn`;
  }

  /** A push arrived: the badge's dot rings once. */
  pulse(): void {
    clearTimeout(this.pushTimer);
    delete this.badge.dataset.activity;
    void this.badge.offsetWidth; // restarts the ring if one is running
    this.badge.dataset.activity = 'push';
    this.pushTimer = setTimeout(() => delete this.badge.dataset.activity, 1000);
  }

  private showBanner(state: PageState): void {
    if (state === 'offline') {
      this.banner.replaceChildren(
        `Cannot reach the runtime at ${location.host}. Is it running (`,
        code('npm start'),
        ')? The page reconnects by itself when it is back.',
      );
    } else if (state === 'closed') {
      this.banner.replaceChildren('The runtime ended this connection. Reload the page to connect again.');
    }
    this.banner.hidden = state !== 'offline' && state !== 'closed';
  }
}
