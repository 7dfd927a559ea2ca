import type { AggregateDefinition } from '#core/aggregate';
import { upcastEvent } from '#core/upcasting';
import type { Commit, EventStore, StoredEvent } from '#ports/eventStore';
import type { SnapshotStore } from '#ports/snapshotStore';
import { noRecentCommands, type RecentCommands, withCommits } from './recentCommands';

export interface LoadedAggregate {
  state: unknown;
  version: number;
  /** The newest commands on the stream: a retry finds its own commit here. */
  recent: RecentCommands;
  /** Events read from the store on top of the snapshot: the cost that snapshots keep flat. */
  eventsRead: number;
  fromSnapshot: boolean;
}

/**
 * Rebuilds an aggregate in as few reads as its length allows. The newest `snapshotEvery` commits
 * come first, in one query: for a stream shorter than that (most of them) this is the whole
 * stream and the only read. Only a longer stream reads its snapshot, and then the events between
 * the snapshot and that tail, if any (when the snapshot lags behind).
 */
export const loadAggregate = async (
  definition: AggregateDefinition,
  streamKey: string,
  store: EventStore,
  snapshots: SnapshotStore | undefined,
): Promise<LoadedAggregate> => {
  const tail = await store.readTail(streamKey, Math.max(1, definition.snapshotEvery));
  const oldest = tail.commits[0]?.baseVersion ?? 0;
  if (tail.complete || !snapshots) {
    const before = tail.complete ? [] : await store.readCommits(streamKey, { afterVersion: 0, beforeVersion: oldest });
    return foldCommits(definition, start(definition), [...before, ...tail.commits]);
  }
  const newest = tail.commits.at(-1);
  const snapshot = await snapshots.get(streamKey);
  const usable =
    snapshot !== undefined &&
    snapshot.schemaVersion === definition.snapshotSchemaVersion &&
    newest !== undefined &&
    snapshot.version <= newest.baseVersion + newest.events.length;
  const base: LoadedAggregate = usable
    ? {
        state: snapshot.state,
        version: snapshot.version,
        recent: { refs: snapshot.recent ?? [], complete: snapshot.recentComplete ?? false },
        eventsRead: 0,
        fromSnapshot: true,
      }
    : start(definition);
  const gap =
    base.version < oldest
      ? await store.readCommits(streamKey, { afterVersion: base.version, beforeVersion: oldest })
      : [];
  return foldCommits(
    definition,
    base,
    [...gap, ...tail.commits].filter((commit) => commit.baseVersion >= base.version),
  );
};

/**
 * Brings an aggregate loaded earlier up to date: reads only the commits after its version (one
 * query, no snapshot read) and folds them in. What a retry after a version conflict needs; the
 * commits read are returned too, so that the caller can look for its own.
 */
export const catchUp = async (
  definition: AggregateDefinition,
  streamKey: string,
  store: EventStore,
  loaded: LoadedAggregate,
): Promise<{ loaded: LoadedAggregate; commits: Commit[] }> => {
  const commits = await store.readCommits(streamKey, { afterVersion: loaded.version });
  return { loaded: foldCommits(definition, { ...loaded, eventsRead: 0 }, commits), commits };
};

const start = (definition: AggregateDefinition): LoadedAggregate => ({
  state: definition.decider.initialState(),
  version: 0,
  recent: noRecentCommands(true),
  eventsRead: 0,
  fromSnapshot: false,
});

const foldCommits = (
  definition: AggregateDefinition,
  base: LoadedAggregate,
  commits: readonly Commit[],
): LoadedAggregate => {
  const events = commits.flatMap((commit) => commit.events);
  const { state, version } = fold(definition, base.state, base.version, events);
  return {
    state,
    version,
    recent: withCommits(base.recent, commits),
    eventsRead: base.eventsRead + events.length,
    fromSnapshot: base.fromSnapshot,
  };
};

/**
 * Folds stored events into state, each in its type's newest shape: `evolve` is written against
 * today's events only, whatever shape an event was stored in.
 */
export const fold = (
  definition: AggregateDefinition,
  initial: unknown,
  initialVersion: number,
  events: readonly StoredEvent[],
): { state: unknown; version: number } => {
  let state = initial;
  let version = initialVersion;
  for (const event of events) {
    state = definition.decider.evolve(state, upcastEvent(definition, event));
    version = event.version;
  }
  return { state, version };
};
