import { join } from 'node:path';
import type { CommandLedger, CommandRecord } from '#ports/commandLedger';
import {
  type AppendRequest,
  type Commit,
  type EventStore,
  lastVersionOf,
  type ReadOptions,
  type ReadResult,
  type StoredEvent,
  type StreamCatalog,
  StreamConflictError,
  type StreamTail,
  versionEvents,
} from '#ports/eventStore';
import type { Snapshot, SnapshotStore } from '#ports/snapshotStore';
import { AppendLog } from './appendLog';

/** A commit as the log stores it. */
interface CommitEntry extends Commit {
  kind: 'commit';
  /** Logs written by earlier versions stored the command's record with its commit. */
  record?: CommandRecord;
}
type Entry = CommitEntry | { kind: 'record'; record: CommandRecord } | { kind: 'snapshot'; snapshot: Snapshot };

/** A commit in the store's change feed; `position` counts commits in log order, from 1. */
export interface FeedCommit extends Commit {
  position: number;
}

export type CommitListener = (commit: FeedCommit) => void;

const recordKey = (context: string, commandId: string) => `${context}\u0000${commandId}`;
const clone = <T>(value: T): T => structuredClone(value);

/**
 * The embedded event store, command ledger and snapshot store: one process's memory, made durable
 * by one append log (`events.jsonl` under the data directory). A commit is one log entry carrying
 * its command's id and fingerprint, as a DynamoDB commit item does; the command's record follows
 * from the change feed, as it does in AWS. Checks and writes run without an `await` between
 * them, so concurrent commands in this process cannot interleave inside an append.
 */
export class EmbeddedEventStore implements EventStore, CommandLedger {
  private readonly streams = new Map<string, Commit[]>();
  private readonly versions = new Map<string, number>();
  private readonly records = new Map<string, CommandRecord>();
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly listeners = new Set<CommitListener>();
  /** Every commit in log order: the change feed that a relay reads from its checkpoint on. */
  private readonly feed: Commit[] = [];
  private readonly log: AppendLog<Entry>;

  constructor(options: { dataDir?: string; fsync?: boolean } = {}) {
    const path = options.dataDir ? join(options.dataDir, 'events.jsonl') : undefined;
    this.log = AppendLog.open<Entry>(path, (entry) => this.apply(entry), options);
  }

  // --- EventStore -------------------------------------------------------------------------------

  async read(streamKey: string, options: ReadOptions = {}): Promise<ReadResult> {
    const from = Math.max(1, options.fromVersion ?? 1);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const events: StoredEvent[] = [];
    let hasMore = false;
    for (const commit of this.streams.get(streamKey) ?? []) {
      if (lastVersionOf(commit) < from) continue;
      if (events.length >= limit) {
        hasMore = true;
        break;
      }
      for (const event of commit.events) if (event.version >= from) events.push(event);
    }
    if (events.length > limit) {
      hasMore = true;
      events.length = limit;
    }
    return { events: clone(events), hasMore };
  }

  async readCommits(streamKey: string, range: { afterVersion: number; beforeVersion?: number }): Promise<Commit[]> {
    const before = range.beforeVersion ?? Number.POSITIVE_INFINITY;
    const commits = (this.streams.get(streamKey) ?? []).filter(
      (commit) => commit.baseVersion >= range.afterVersion && commit.baseVersion < before,
    );
    return clone(commits);
  }

  async readTail(streamKey: string, maxCommits: number): Promise<StreamTail> {
    const all = this.streams.get(streamKey) ?? [];
    const commits = all.slice(Math.max(0, all.length - maxCommits));
    return { commits: clone(commits), complete: commits.length === all.length };
  }

  async currentVersion(streamKey: string): Promise<number> {
    return this.versions.get(streamKey) ?? 0;
  }

  async append(request: AppendRequest): Promise<void> {
    const current = this.versions.get(request.streamKey) ?? 0;
    if (current !== request.expectedVersion) {
      throw new StreamConflictError(request.streamKey, request.expectedVersion);
    }
    const entry: CommitEntry = {
      kind: 'commit',
      streamKey: request.streamKey,
      baseVersion: request.expectedVersion,
      events: versionEvents(request.expectedVersion, request.events),
      committedAt: request.committedAt,
      commandId: request.commandId,
      fingerprint: request.fingerprint,
    };
    this.write(entry);
    const position = this.feed.length;
    const commit = this.feed[position - 1];
    for (const listener of this.listeners) if (commit) listener({ position, ...clone(commit) });
  }

  /** The embedded store's change feed (what DynamoDB Streams is in AWS): commits as they land. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Commits after a feed position, in log order: how a relay catches up after a restart. */
  commitsAfter(position: number, limit = 1000): FeedCommit[] {
    return this.feed
      .slice(position, position + limit)
      .map((commit, index) => ({ position: position + index + 1, ...clone(commit) }));
  }

  /** The position of the newest commit (0 when empty). */
  get feedPosition(): number {
    return this.feed.length;
  }

  // --- CommandLedger ----------------------------------------------------------------------------

  async get(context: string, commandId: string): Promise<CommandRecord | undefined> {
    const record = this.records.get(recordKey(context, commandId));
    return record && clone(record);
  }

  async accept(record: CommandRecord): Promise<CommandRecord | undefined> {
    const existing = this.records.get(recordKey(record.context, record.commandId));
    if (existing) return clone(existing);
    this.write({ kind: 'record', record });
    return undefined;
  }

  async succeed(record: CommandRecord): Promise<void> {
    this.complete(record);
  }

  async fail(record: CommandRecord): Promise<void> {
    this.complete(record);
  }

  /** A terminal record over nothing or over 'accepted': the first outcome stands. */
  private complete(record: CommandRecord): void {
    const existing = this.records.get(recordKey(record.context, record.commandId));
    if (existing && existing.status !== 'accepted') return;
    this.write({ kind: 'record', record });
  }

  // --- SnapshotStore ----------------------------------------------------------------------------

  async getSnapshot(streamKey: string): Promise<Snapshot | undefined> {
    const snapshot = this.snapshots.get(streamKey);
    return snapshot && clone(snapshot);
  }

  async putSnapshot(snapshot: Snapshot): Promise<void> {
    const existing = this.snapshots.get(snapshot.streamKey);
    if (existing && existing.version >= snapshot.version) return;
    this.write({ kind: 'snapshot', snapshot: clone(snapshot) });
  }

  /** SnapshotStore view of this store (its `get` would clash with the ledger's). */
  get snapshotStore(): SnapshotStore {
    return { get: (key) => this.getSnapshot(key), put: (snapshot) => this.putSnapshot(snapshot) };
  }

  /** Every stream key, for tools and tests. */
  streamKeys(): string[] {
    return [...this.streams.keys()];
  }

  /** StreamCatalog view of this store. */
  get catalog(): StreamCatalog {
    const keys = () => [...this.streams.keys()];
    return {
      async *streamKeys(prefix: string) {
        for (const key of keys()) if (key.startsWith(prefix)) yield key;
      },
    };
  }

  close(): void {
    this.log.close();
  }

  private write(entry: Entry): void {
    this.log.append(entry);
    this.apply(entry);
  }

  private apply(entry: Entry): void {
    switch (entry.kind) {
      case 'commit': {
        const { kind: _kind, record, ...logged } = entry;
        // Lines written before schema versions were stored have none: read as 1, the line left as is.
        const commit = { ...logged, events: versionEvents(logged.baseVersion, logged.events) };
        const stream = this.streams.get(entry.streamKey) ?? [];
        stream.push(commit);
        this.streams.set(entry.streamKey, stream);
        this.versions.set(entry.streamKey, lastVersionOf(commit));
        this.feed.push(commit);
        if (record) this.records.set(recordKey(record.context, record.commandId), record);
        return;
      }
      case 'record':
        this.records.set(recordKey(entry.record.context, entry.record.commandId), entry.record);
        return;
      case 'snapshot':
        this.snapshots.set(entry.snapshot.streamKey, entry.snapshot);
        return;
      default: {
        const unreachable: never = entry;
        throw new Error(`Unknown log entry ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
