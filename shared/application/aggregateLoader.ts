import type { AggregateDefinition } from '../core/aggregate';
import type { EventStore, StoredEvent } from '../ports/eventStore';
import type { SnapshotStore } from '../ports/snapshotStore';

export interface LoadedAggregate {
  state: unknown;
  version: number;
  /** Events read from the store on top of the snapshot: the cost that snapshots keep flat. */
  eventsRead: number;
  fromSnapshot: boolean;
}

/** Rebuilds an aggregate: the newest usable snapshot, then the events after it. */
export const loadAggregate = async (
  definition: AggregateDefinition,
  streamKey: string,
  store: EventStore,
  snapshots: SnapshotStore | undefined,
): Promise<LoadedAggregate> => {
  let state = definition.decider.initialState();
  let version = 0;
  const snapshot = snapshots ? await snapshots.get(streamKey) : undefined;
  const fromSnapshot = snapshot?.schemaVersion === definition.snapshotSchemaVersion;
  if (snapshot && fromSnapshot) {
    state = snapshot.state;
    version = snapshot.version;
  }
  const { events } = await store.read(streamKey, { fromVersion: version + 1, fromCommitBoundary: true });
  return { ...fold(definition, state, version, events), eventsRead: events.length, fromSnapshot };
};

/**
 * Brings an aggregate loaded earlier up to date: reads only the events after its version (one
 * query, no snapshot read) and folds them in. What a retry after a version conflict needs.
 */
export const catchUp = async (
  definition: AggregateDefinition,
  streamKey: string,
  store: EventStore,
  loaded: LoadedAggregate,
): Promise<LoadedAggregate> => {
  const { events } = await store.read(streamKey, { fromVersion: loaded.version + 1, fromCommitBoundary: true });
  const { state, version } = fold(definition, loaded.state, loaded.version, events);
  return { state, version, eventsRead: events.length, fromSnapshot: loaded.fromSnapshot };
};

export const fold = (
  definition: AggregateDefinition,
  initial: unknown,
  initialVersion: number,
  events: readonly StoredEvent[],
): { state: unknown; version: number } => {
  let state = initial;
  let version = initialVersion;
  for (const event of events) {
    state = definition.decider.evolve(state, event);
    version = event.version;
  }
  return { state, version };
};
