/**
 * Command records: the status resource of a command and the long idempotency window in one place.
 * A record is keyed by (context, commandId) and moves accepted → succeeded | failed, never back.
 * Sync commands get theirs from the event store's stream, after the commit; async commands are
 * recorded as accepted when queued, and completed by the worker (and by the stream).
 */
export type CommandStatus = 'accepted' | 'succeeded' | 'failed';

export interface CommandResult {
  commandId: string;
  aggregateId: string;
  version: number;
  /**
   * The events the command committed, as committed: each with the schema version it was written
   * at (absent in records made before versions were stored: 1).
   */
  events: { type: string; version: number; schemaVersion?: number; data: unknown }[];
}

export interface CommandFailure {
  status: number;
  code: string;
  message: string;
  [detail: string]: unknown;
}

export interface CommandRecord {
  context: string;
  commandId: string;
  status: CommandStatus;
  /** Canonical form of the command, to tell a retry from a different command under the same key. */
  fingerprint: string;
  result?: CommandResult;
  error?: CommandFailure;
  updatedAt: string;
  /** Epoch seconds after which the record may be deleted (DynamoDB TTL). */
  expiresAt: number;
}

export interface CommandLedger {
  /** `consistent: false` may miss a record written within the last second, for half the cost. */
  get(context: string, commandId: string, options?: { consistent?: boolean }): Promise<CommandRecord | undefined>;
  /** Stores an 'accepted' record unless a record exists; returns the existing record if so. */
  accept(record: CommandRecord): Promise<CommandRecord | undefined>;
  /** Stores a 'succeeded' record unless the command already has a terminal record. */
  succeed(record: CommandRecord): Promise<void>;
  /** Stores a 'failed' record unless the command already has a terminal record. */
  fail(record: CommandRecord): Promise<void>;
}
