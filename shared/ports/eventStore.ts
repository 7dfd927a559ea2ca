/**
 * The event store port. Events are appended in commits: all events of one command, atomically, in
 * one conditional write. A commit carries the id and fingerprint of the command that made it, so a
 * retried command recognises its own commit in the stream it reads anyway: no second item, no
 * transaction.
 */

export interface NewEvent {
  type: string;
  /**
   * The version of the type's shape `data` is in (the aggregate's `events`, upcasting.ts); the
   * command pipeline always sets it. Absent: 1, as on events stored before versions were.
   */
  schemaVersion?: number;
  data: unknown;
}

export interface StoredEvent {
  type: string;
  /** Position in the aggregate's stream, 1-based, gapless. */
  version: number;
  /** The version of the type's shape `data` was written in: as stored, never upcast here. */
  schemaVersion: number;
  data: unknown;
}

/** What an event stored without a schema version was written in: its type's first shape. */
export const schemaVersionOf = (event: { schemaVersion?: number }): number => event.schemaVersion ?? 1;

/** The versioning rule of a commit: event i (from 0) of a commit on `baseVersion` is `baseVersion + i + 1`. */
export const versionEvents = (baseVersion: number, events: readonly NewEvent[]): StoredEvent[] =>
  events.map((event, index) => ({
    type: event.type,
    version: baseVersion + index + 1,
    schemaVersion: schemaVersionOf(event),
    data: event.data,
  }));

/** One command's events as stored, with the command that made them. */
export interface Commit {
  streamKey: string;
  /** The version the commit was appended on (0 for the first). */
  baseVersion: number;
  events: StoredEvent[];
  committedAt: string;
  /** Absent on commits written without a command (imports, tools). */
  commandId?: string;
  /** What a retry under the same command id must match (see commandValidation.ts). */
  fingerprint?: string;
}

/** A commit in brief: enough to recognise a retried command and to find its commit again. */
export interface CommitRef {
  commandId: string;
  fingerprint: string;
  baseVersion: number;
  lastVersion: number;
  committedAt: string;
}

export const lastVersionOf = (commit: Pick<Commit, 'baseVersion' | 'events'>): number =>
  commit.baseVersion + commit.events.length;

export interface AppendRequest {
  streamKey: string;
  /** The stream's version the events were decided on; 0 for a new stream. */
  expectedVersion: number;
  events: NewEvent[];
  commandId: string;
  fingerprint: string;
  committedAt: string;
}

export interface ReadOptions {
  /** First version to return (default 1). */
  fromVersion?: number;
  /** Page size in events; the store may return a little more to finish a commit. */
  limit?: number;
  /**
   * The caller knows `fromVersion - 1` ends a commit (it came from a snapshot or a previous read),
   * so the store can skip the look-up for the commit that contains `fromVersion`.
   */
  fromCommitBoundary?: boolean;
}

export interface ReadResult {
  events: StoredEvent[];
  /** True when a limit cut the read short. */
  hasMore: boolean;
}

/** The newest commits of a stream, oldest first. */
export interface StreamTail {
  commits: Commit[];
  /** True when `commits` reaches back to the stream's first commit (or the stream is empty). */
  complete: boolean;
}

export interface EventStore {
  /** Strongly consistent read of a stream's events, in version order. */
  read(streamKey: string, options?: ReadOptions): Promise<ReadResult>;
  /**
   * Strongly consistent read of whole commits, oldest first: those appended on `afterVersion` or
   * later (a commit boundary), and before `beforeVersion` when given. As few requests as the store
   * allows (DynamoDB: 1 MB pages).
   */
  readCommits(streamKey: string, range: { afterVersion: number; beforeVersion?: number }): Promise<Commit[]>;
  /** Strongly consistent read of the newest `maxCommits` commits: one request for short streams. */
  readTail(streamKey: string, maxCommits: number): Promise<StreamTail>;
  /** The stream's current version, 0 if it has no events. */
  currentVersion(streamKey: string): Promise<number>;
  /** One conditional write. Throws StreamConflictError if the stream is no longer at `expectedVersion`. */
  append(request: AppendRequest): Promise<void>;
}

/** A concurrent writer got there first. Carries no version: the caller reloads. */
export class StreamConflictError extends Error {
  override readonly name = 'StreamConflictError';
  constructor(
    readonly streamKey: string,
    readonly expectedVersion: number,
  ) {
    super(`Stream ${streamKey} is no longer at version ${expectedVersion}`);
  }
}

/** Lists streams, for rebuilds and tools (a scan in DynamoDB: never on a request path). */
export interface StreamCatalog {
  /** Every stream key starting with `prefix` (e.g. `shop#todoList#`), each once, in no set order. */
  streamKeys(prefix: string): AsyncIterable<string>;
}
