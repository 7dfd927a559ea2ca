/**
 * The load run's subscribers: many WebSocket connections, each subscribed to one view of the
 * aggregates that the commands change (a few to those lists' summaries in the `todoLists` collection).
 * Counts the pushes received, keeps the newest version each socket has seen, and for one socket per
 * list every arrival, so that command-to-push lag can be matched to the commands afterwards.
 */
import WebSocket from 'ws';

export interface Subscription {
  projection: 'todoList' | 'todoLists';
  key: string;
}

export interface Arrival {
  version: number;
  atMs: number;
}

interface PushFrame {
  type: string;
  projection?: string;
  key?: string;
  version?: number;
}

export class SocketFleet {
  readonly sockets: WebSocket[] = [];
  /** Push frames (`view`, `viewChanged`) received, with their arrival time (ms, performance clock). */
  readonly pushTimes: number[] = [];
  /** The newest view version each socket has received. */
  readonly newest: number[];
  /** Per list: every version its first subscriber received, in arrival order. */
  readonly arrivals = new Map<string, Arrival[]>();
  readonly errors: string[] = [];
  private counting = false;

  constructor(readonly subscriptions: readonly Subscription[]) {
    this.newest = subscriptions.map(() => 0);
  }

  /** Opens every socket (100 at a time) and subscribes each, resolving once all are subscribed. */
  async open(wsUrl: string, token?: string): Promise<void> {
    const url = `${wsUrl}?context=default${token ? `&token=${token}` : ''}`;
    for (let start = 0; start < this.subscriptions.length; start += 100) {
      const batch = this.subscriptions.slice(start, start + 100).map((_, i) => this.connect(url, start + i));
      await Promise.all(batch);
    }
  }

  /** From now on, view frames count as pushes (the current views sent on subscribe do not). */
  startCounting(): void {
    this.counting = true;
  }

  get openCount(): number {
    return this.sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            socket.once('close', () => resolve());
            socket.close();
          }),
      ),
    );
  }

  private connect(url: string, index: number): Promise<void> {
    const subscription = this.subscriptions[index];
    if (!subscription) return Promise.resolve();
    const socket = new WebSocket(url);
    this.sockets[index] = socket;
    const observer = subscription.projection === 'todoList' && !this.arrivals.has(subscription.key);
    const arrivals: Arrival[] = [];
    if (observer) this.arrivals.set(subscription.key, arrivals);
    return new Promise<void>((resolve, reject) => {
      socket.once('open', () => socket.send(JSON.stringify({ action: 'subscribe', ...subscription })));
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade refused with ${response.statusCode}`)),
      );
      socket.on('close', (code) => {
        if (this.counting && code !== 1000 && code !== 1005) this.errors.push(`socket ${index} closed with ${code}`);
      });
      socket.on('message', (data) => {
        const atMs = performance.now();
        const frame = JSON.parse(data.toString()) as PushFrame;
        if (frame.type === 'subscribed') resolve();
        if (frame.type === 'error') this.errors.push(`socket ${index}: ${data.toString().slice(0, 200)}`);
        if (frame.type !== 'view' && frame.type !== 'viewChanged') return;
        const version = frame.version ?? 0;
        this.newest[index] = Math.max(this.newest[index] ?? 0, version);
        if (!this.counting) return;
        this.pushTimes.push(atMs);
        if (observer) arrivals.push({ version, atMs });
      });
    });
  }
}

/**
 * Socket `i` watches list `i mod lists`, so each list has sockets / lists subscribers; every
 * `allEvery`-th socket watches that list's summary in the `todoLists` collection instead.
 */
export const assignSubscriptions = (sockets: number, listIds: readonly string[], allEvery = 100): Subscription[] =>
  Array.from({ length: sockets }, (_, i) =>
    (i + 1) % allEvery === 0
      ? { projection: 'todoLists', key: listIds[i % listIds.length] ?? 'x' }
      : { projection: 'todoList', key: listIds[i % listIds.length] ?? 'x' },
  );

/** For a command answered with `version` and sent at `sentAtMs`: when its list's first subscriber saw it. */
export const pushLagMs = (arrivals: readonly Arrival[] | undefined, version: number, sentAtMs: number) => {
  const seen = arrivals?.find((arrival) => arrival.version >= version);
  return seen ? seen.atMs - sentAtMs : undefined;
};
