/** Projections: each generation with its position against the event store's, rebuilds with their progress, the switch. */
import { ApiError, inWords } from './api';
import type { Panel } from './app';
import { actionButton, h, notice, plural } from './dom';
import { generationRow, type ProjectionStatus, progressOf, type RebuildProgress, running } from './projectionCard';
import { can, needs } from './session';

/** A deployed stack has no rebuild route: a Lambda function cannot outlive its answer. */
const noRebuildRoute = (error: unknown) =>
  error instanceof ApiError && error.status === 404 && (error.code === 'NOT_FOUND' || error.code === 'ROUTE_NOT_FOUND');
const REBUILDS_ELSEWHERE =
  'This API runs no rebuilds (a Lambda function cannot outlive its answer): run it from a local runtime on the same tables (npx cairn replay). The switch works here.';

export const projectionsPanel: Panel = (app) => {
  const { context } = app;
  const status = h('p', { class: 'notice', hidden: true, role: 'status' });
  const list = h('div', { class: 'cards' });
  const admin = can(app.principal, context, 'admin');
  const why = needs(context, 'admin');
  const progress = new Map<string, RebuildProgress>();
  let statuses: ProjectionStatus[] = [];
  let closed = false;
  const base = `/v1/${context}/_admin/projections`;

  const actionsOf = (projection: ProjectionStatus) => {
    const built = projection.generations.find((generation) => generation.role === 'built');
    const live = projection.generations.find((generation) => generation.role === 'live');
    const busy = running(progress.get(projection.name)) || projection.generations.some((g) => g.role === 'building');
    const options = {
      allowed: admin && !busy && !built,
      why: admin ? 'A rebuild is running or waits to be switched' : why,
    };
    const buttons = [
      actionButton('Rebuild', () => rebuild(projection.name, 'auto'), { ...options, kind: 'primary' }),
      actionButton('Rebuild, switch manually', () => rebuild(projection.name, 'manual'), options),
    ];
    if (built && live) {
      buttons.push(
        actionButton(`Switch to g${built.generation}`, () => switchTo(projection.name, built.generation), {
          allowed: admin,
          why,
          kind: 'primary',
        }),
        actionButton(`Discard g${built.generation}`, () => switchTo(projection.name, live.generation), {
          allowed: admin,
          why,
          kind: 'danger',
        }),
      );
    }
    return h('div', { class: 'actions' }, ...buttons);
  };

  const render = () => {
    list.replaceChildren(
      ...statuses.map((projection) =>
        h(
          'article',
          { class: 'card projection', 'data-projection': projection.name },
          h(
            'header',
            {},
            h('h3', {}, projection.name),
            h(
              'span',
              { class: 'muted' },
              `from ${projection.sources.join(', ')} · ${plural(projection.head.streams, 'stream')}, ${plural(projection.head.events, 'event')}`,
            ),
            actionsOf(projection),
          ),
          h(
            'ul',
            { class: 'generations' },
            ...projection.generations.map((generation) => generationRow(projection, generation)),
          ),
          progressOf(progress.get(projection.name)),
          projection.partial ? h('p', { class: 'muted' }, 'Counted in part: past 500 streams or 5,000 views.') : '',
        ),
      ),
    );
  };

  const load = async () => {
    try {
      statuses = (await app.api.get<{ projections: ProjectionStatus[] }>(base)).projections;
      render();
    } catch (error) {
      notice(status, inWords(error), 'error');
    }
  };

  const follow = async (name: string) => {
    let followed = false;
    while (!closed) {
      try {
        const now = await app.api.get<RebuildProgress>(`${base}/${name}/rebuild`);
        followed = true;
        progress.set(name, now);
        render();
        if (!running(now)) break;
      } catch (error) {
        // None in this process, or no rebuild route at all (a deployed stack): nothing to follow.
        if (!(error instanceof ApiError && error.status === 404)) notice(status, inWords(error), 'error');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    if (followed) await load();
  };

  const rebuild = async (name: string, mode: 'auto' | 'manual') => {
    try {
      progress.set(name, await app.api.post<RebuildProgress>(`${base}/${name}/rebuild`, { switch: mode }));
      notice(status, '');
      render();
      await follow(name);
    } catch (error) {
      notice(status, noRebuildRoute(error) ? REBUILDS_ELSEWHERE : inWords(error), 'error');
    }
  };

  const switchTo = async (name: string, generation: number) => {
    try {
      const state = await app.api.post<{ live: string }>(`${base}/${name}/switch`, { generation });
      notice(status, `${name}: readers use ${state.live}.`, 'ok');
      progress.delete(name);
      await load();
    } catch (error) {
      notice(status, inWords(error), 'error');
    }
  };

  // Positions move as events arrive: counted again at most every 5 s while the tail shows events (a
  // count walks the streams: a scan on DynamoDB, so not on every event).
  let pending: ReturnType<typeof setTimeout> | undefined;
  const stopTail = app.tail.onEvent(() => {
    pending ??= setTimeout(() => {
      pending = undefined;
      void load();
    }, 5000);
  });
  void load().then(() => (admin ? Promise.all(statuses.map((projection) => follow(projection.name))) : undefined));
  return {
    element: h(
      'section',
      { class: 'panel', 'aria-labelledby': 'projections-title' },
      h(
        'header',
        { class: 'panel-head' },
        h('h2', { id: 'projections-title' }, 'Projections'),
        actionButton('Refresh', load),
      ),
      status,
      list,
    ),
    dispose: () => {
      closed = true;
      stopTail();
      clearTimeout(pending);
    },
  };
};
