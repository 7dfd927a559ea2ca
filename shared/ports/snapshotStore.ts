import type { CommitRef } from './eventStore';

export interface Snapshot {
  streamKey: string;
  /** Version of the last event folded into `state`; always the end of a commit. */
  version: number;
  schemaVersion: number;
  state: unknown;
  /**
   * The newest commands committed on the stream up to `version` (bounded), so that a retry whose
   * commit lies before the snapshot is still recognised without reading the whole stream.
   */
  recent?: CommitRef[];
  /** True when `recent` holds every command since the stream began. */
  recentComplete?: boolean;
}

export interface SnapshotStore {
  get(streamKey: string): Promise<Snapshot | undefined>;
  /** Keeps the newer of the stored and the given snapshot. */
  put(snapshot: Snapshot): Promise<void>;
}
