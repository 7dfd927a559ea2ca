export interface Snapshot {
  streamKey: string;
  /** Version of the last event folded into `state`; always the end of a commit. */
  version: number;
  schemaVersion: number;
  state: unknown;
}

export interface SnapshotStore {
  get(streamKey: string): Promise<Snapshot | undefined>;
  /** Keeps the newer of the stored and the given snapshot. */
  put(snapshot: Snapshot): Promise<void>;
}
