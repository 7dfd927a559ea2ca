/**
 * After the load: waits until the event flow has caught up. Each list's summary in the `todoLists`
 * collection is at its list's version, so the events the collection still lacks are exactly the
 * projection backlog: the pool's aggregate versions (read from the event store) plus one per list
 * created, minus the sum of the summaries' versions (listed a page at a time). Caught up when that
 * is zero, every pool list's view is at its aggregate's version and every socket holds its view's.
 */
import { runLoad } from '../load';
import type { SocketFleet } from './sockets';

export interface DrainProgress {
  /** Events the `todoLists` collection still lacks. */
  backlog: number;
  socketsBehind: number;
}

export interface Drained extends DrainProgress {
  seconds: number;
  /** The backlog when the drain began. */
  initialBacklog: number;
  caughtUp: boolean;
}

const versionOf = async (url: string, headers: Record<string, string>): Promise<number> => {
  const response = await fetch(url, { headers });
  if (response.status !== 200) return 0;
  return ((await response.json()) as { version: number }).version;
};

/** The sum of a collection's members' versions, every page read. */
const collectionTotal = async (url: string, headers: Record<string, string>): Promise<number> => {
  let total = 0;
  let cursor: string | undefined;
  do {
    const response = await fetch(`${url}?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers });
    if (response.status !== 200) return total;
    const page = (await response.json()) as { items: { version: number }[]; nextCursor?: string };
    for (const item of page.items) total += item.version;
    cursor = page.nextCursor;
  } while (cursor);
  return total;
};

const progress = async (
  base: string,
  headers: Record<string, string>,
  listIds: readonly string[],
  listsCreated: number,
  fleet: SocketFleet,
): Promise<DrainProgress & { listsBehind: number }> => {
  const aggregates = new Map<string, number>();
  const views = new Map<string, number>();
  await runLoad(listIds.length, 16, async (i) => {
    const id = listIds[i] ?? '';
    aggregates.set(id, await versionOf(`${base}/aggregates/todoList/${id}/events?fromVersion=1000000000`, headers));
    views.set(`todoList/${id}`, await versionOf(`${base}/views/todoList/${id}`, headers));
  });
  const summarized = await collectionTotal(`${base}/views/todoLists`, headers);
  const total = [...aggregates.values()].reduce((sum, version) => sum + version, listsCreated);
  const listsBehind = listIds.filter((id) => (views.get(`todoList/${id}`) ?? 0) < (aggregates.get(id) ?? 0)).length;
  const socketsBehind = fleet.subscriptions.filter(
    (s, i) => (fleet.newest[i] ?? 0) < (views.get(`${s.projection}/${s.key}`) ?? 0),
  ).length;
  return { backlog: total - summarized, listsBehind, socketsBehind };
};

export const drain = async (options: {
  url: string;
  headers: Record<string, string>;
  listIds: readonly string[];
  listsCreated: number;
  fleet: SocketFleet;
  timeoutS: number;
}): Promise<Drained> => {
  const base = `${options.url}/v1/default`;
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  let reported = 0;
  let initialBacklog: number | undefined;
  for (;;) {
    const now = await progress(base, options.headers, options.listIds, options.listsCreated, options.fleet);
    initialBacklog ??= now.backlog;
    const caughtUp = now.backlog <= 0 && now.listsBehind === 0 && now.socketsBehind === 0;
    if (caughtUp || seconds() > options.timeoutS) {
      const { backlog, socketsBehind } = now;
      return { backlog, socketsBehind, seconds: seconds(), initialBacklog, caughtUp };
    }
    if (seconds() - reported >= 10) {
      reported = seconds();
      console.log(
        `  draining, ${reported} s: ${now.backlog} events not yet projected, ${now.socketsBehind} sockets behind`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
};
