/**
 * The event store port. Events are appended in commits: all events of one command, atomically,
 * with the command's record (its id and result) so that a retried command is recognised.
 */
import type { CommandRecord } from './commandLedger';

export interface NewEvent {
  type: string;
  data: unknown;
}

export interface StoredEvent {
  type: string;
  /** Position in the aggregate's stream, 1-based, gapless. */
  version: number;
  data: unknown;
}

/** The versioning rule of a commit: event i (from 0) of a commit on `baseVersion` is `baseVersion + i + 1`. */
export const versionEvents = (baseVersion: number, events: readonly NewEvent[]): StoredEvent[] =>
  events.map((event, index) => ({ type: event.type, version: baseVersion + index + 1, data: event.data }));

export interface AppendRequest {
  streamKey: string;
  /** The stream's version the events were decided on; 0 for a new stream. */
  expectedVersion: number;
  events: NewEvent[];
  /** Stored in the same atomic write; `status` is 'succeeded' and `result` is set. */
  record: CommandRecord;
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

export interface EventStore {
  /** Strongly consistent read of a stream, in version order. */
  read(streamKey: string, options?: ReadOptions): Promise<ReadResult>;
  /** The stream's current version, 0 if it has no events. */
  currentVersion(streamKey: string): Promise<number>;
  /**
   * Appends atomically. Throws StreamConflictError if the stream is no longer at `expectedVersion`,
   * CommandAlreadyRecordedError if the command id already has a terminal record.
   */
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

export class CommandAlreadyRecordedError extends Error {
  override readonly name = 'CommandAlreadyRecordedError';
  constructor(readonly commandId: string) {
    super(`Command ${commandId} already has a record`);
  }
}

/** Lists streams, for rebuilds and tools (a scan in DynamoDB: never on a request path). */
export interface StreamCatalog {
  /** Every stream key starting with `prefix` (e.g. `shop#todoList#`), each once, in no set order. */
  streamKeys(prefix: string): AsyncIterable<string>;
}
