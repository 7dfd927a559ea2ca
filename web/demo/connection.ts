/**
 * The page's connection state, more precise than the client's. A browser cannot read why a
 * WebSocket upgrade was refused (404 UNKNOWN_CONTEXT, 401, 403 all look like a dropped connection),
 * so when the socket will not open the page asks the REST API the same question: an answer that
 * cannot change by waiting (unknown context, no token, no access) ends the client's reconnecting;
 * no answer at all means the runtime is unreachable.
 */
import type { ConnectionState } from '../cairnClient';

export type PageState =
  | 'connecting'
  | 'live'
  | 'reconnecting'
  | 'offline'
  | 'closed'
  | 'unknown-context'
  | 'unauthenticated'
  | 'forbidden';

/** What the REST API said about the context: nothing (unreachable), or a status and error code. */
export type Probe =
  | { reached: false }
  | {
      reached: true;
      status: number;
      code?: string;
      /** The lists' keys on the first page, and whether that page holds them all. */
      keys?: string[];
      all?: boolean;
    };

/**
 * Asks for the first page of the context's list summaries: the context exists and the token may
 * read it (and these are its lists, by key), or not, and why.
 */
export const probeContext = async (at: { baseUrl: string; context: string; token?: string }): Promise<Probe> => {
  const url = `${at.baseUrl}/v1/${encodeURIComponent(at.context)}/views/todoLists?limit=100`;
  try {
    const response = await fetch(url, { headers: at.token ? { authorization: `Bearer ${at.token}` } : {} });
    const body = (await response.json().catch(() => undefined)) as
      | { items?: { key: string }[]; nextCursor?: string; error?: { code?: string } }
      | undefined;
    return {
      reached: true,
      status: response.status,
      ...(body?.error?.code && { code: body.error.code }),
      ...(Array.isArray(body?.items) && { keys: body.items.map((item) => item.key), all: !body.nextCursor }),
    };
  } catch {
    return { reached: false };
  }
};

/** States that waiting does not change: the client is stopped, the page says what to do. */
const FINAL: ReadonlySet<PageState> = new Set(['unknown-context', 'unauthenticated', 'forbidden']);

const finalState = (probe: Probe): PageState | undefined => {
  if (!probe.reached) return undefined;
  if (probe.code === 'UNKNOWN_CONTEXT') return 'unknown-context';
  if (probe.status === 401) return 'unauthenticated';
  if (probe.status === 403) return 'forbidden';
  return undefined;
};

/** At most one question per this long: the client retries faster than that at first. */
const PROBE_EVERY_MS = 1000;

export class ConnectionWatch {
  private state: PageState = 'connecting';
  private probing = false;
  private lastProbe = 0;

  constructor(
    private readonly deps: {
      probe: () => Promise<Probe>;
      show: (state: PageState) => void;
      /** Stops the client: reconnecting cannot help. */
      stop: () => void;
    },
  ) {}

  get current(): PageState {
    return this.state;
  }

  /** The client's `onState`. */
  clientState(state: ConnectionState): void {
    // Stopped here: the client's own `closed` (and a reconnect it had scheduled) add nothing.
    if (FINAL.has(this.state)) return;
    if (state === 'open' || state === 'connecting') {
      this.set(state === 'open' ? 'live' : 'connecting');
      return;
    }
    if (state === 'closed') this.set('closed');
    // Offline stays offline while the client retries, rather than flickering with each attempt.
    else if (this.state !== 'offline') this.set('reconnecting');
    void this.ask();
  }

  private async ask(): Promise<void> {
    if (this.probing || Date.now() - this.lastProbe < PROBE_EVERY_MS) return;
    this.probing = true;
    const probe = await this.deps.probe();
    this.probing = false;
    this.lastProbe = Date.now();
    if (this.state === 'live') return; // back while the question was out
    const final = finalState(probe);
    if (final) {
      this.set(final);
      this.deps.stop();
    } else if (!probe.reached && this.state !== 'closed') this.set('offline');
  }

  private set(state: PageState): void {
    if (state === this.state) return;
    this.state = state;
    this.deps.show(state);
  }
}
