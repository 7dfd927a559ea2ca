import {
  type _Record,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { HeldLease } from './heldLeases';
import type { StreamLeases } from './streamLeases';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export interface ShardReaderDeps {
  streams: DynamoDBStreamsClient;
  leases: StreamLeases;
  owner: string;
  handler: StreamHandler;
  /** Aborted when the poller stops: the reader ends after the batch in hand. */
  signal: AbortSignal;
  /** The pause after an empty read of an open shard. */
  idleMs: number;
  onError: (error: unknown) => void;
}

export type ReaderEnd = 'finished' | 'lost' | 'stopped';

const MAX_BACKOFF_MS = 5000;

/**
 * Reads one shard under a lease, as Lambda's event source mapping reads one shard: from after the
 * lease's checkpoint (the shard's oldest record without one), a page at a time, in order, to the
 * handler; after each page the handler accepted (up to its first reported failure), the
 * checkpoint moves, conditionally on still holding the lease; a failed record is read again, with
 * backoff. Records are handed over only while the lease is valid by this runtime's clock, so a
 * runtime that cannot renew stops before another may take over.
 */
export class ShardReader {
  private backoffMs = 0;

  constructor(
    private readonly deps: ShardReaderDeps,
    private readonly lease: HeldLease,
  ) {}

  async run(): Promise<ReaderEnd> {
    let iterator: string | undefined;
    while (!this.deps.signal.aborted) {
      if (this.lease.lost || Date.now() >= this.lease.validUntil) return 'lost';
      try {
        iterator ??= await this.iteratorAfterAcknowledged();
        const page = await this.deps.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
        const records = (page.Records ?? []).filter((record) => this.isNew(record));
        if (records.length === 0) {
          iterator = page.NextShardIterator;
          if (!iterator) return await this.finish();
          if ((page.Records ?? []).length === 0) await this.pause(this.deps.idleMs);
          continue;
        }
        if (this.lease.lost || Date.now() >= this.lease.validUntil) return 'lost';
        const accepted = await this.hand(records);
        if (this.lease.lost) return 'lost';
        // The backoff grows only while one record keeps failing: a page that moved on starts it over.
        if (accepted > 0) this.backoffMs = 0;
        if (accepted < records.length) {
          iterator = undefined; // read again from the failed record: it follows the checkpoint
          this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(200, this.backoffMs * 2));
          await this.pause(this.backoffMs);
          continue;
        }
        iterator = page.NextShardIterator;
        if (!iterator) return await this.finish();
      } catch (error) {
        iterator = await this.recover(error);
      }
    }
    return 'stopped';
  }

  /** Hands records over, then checkpoints what was accepted; returns how many were. */
  private async hand(records: _Record[]): Promise<number> {
    const { batchItemFailures } = await this.deps.handler(toLambdaEvent(records, this.lease.streamArn));
    const failedAt = batchItemFailures[0]?.itemIdentifier;
    const failedIndex = failedAt === undefined ? records.length : records.findIndex((r) => sequenceOf(r) === failedAt);
    const accepted = failedIndex === -1 ? 0 : failedIndex;
    const last = records[accepted - 1];
    if (!last) return 0;
    this.lease.acknowledged = sequenceOf(last);
    await this.storeCheckpoint();
    return accepted;
  }

  private async storeCheckpoint(): Promise<void> {
    const { leases, owner } = this.deps;
    const sequence = this.lease.acknowledged;
    if (!sequence) return;
    try {
      if (!(await leases.checkpoint(this.lease, owner, sequence))) this.lease.lost = true;
    } catch (error) {
      // Not stored this time: the next page's checkpoint (or the release) stores a later one.
      this.deps.onError(error);
    }
  }

  private async finish(): Promise<ReaderEnd> {
    const done = await this.deps.leases.finish(this.lease, this.deps.owner, this.lease.acknowledged);
    return done ? 'finished' : 'lost';
  }

  /**
   * A new iterator after a failed read. Expired (unused for 15 minutes, a suspended process), or
   * any other error: after the last acknowledged record. Trimmed: from the oldest record still
   * there; DynamoDB Local also answers Trimmed when a TRIM_HORIZON iterator was taken while the
   * shard was empty and another table was written first (its sequence numbers are shared by all
   * tables): TRIM_HORIZON, taken again, then starts at the shard's first record. Records already
   * acknowledged are skipped either way.
   */
  private async recover(error: unknown): Promise<string | undefined> {
    if (error instanceof TrimmedDataAccessException) {
      await this.pause(this.deps.idleMs);
      return this.iterator(undefined);
    }
    if (!(error instanceof ExpiredIteratorException)) {
      this.deps.onError(error);
      await this.pause(500);
    }
    return undefined;
  }

  private iteratorAfterAcknowledged(): Promise<string | undefined> {
    return this.iterator(this.lease.acknowledged).catch((error: unknown) => {
      // The checkpoint is older than the stream's retention: what is left starts at the trim horizon.
      if (error instanceof TrimmedDataAccessException) return this.iterator(undefined);
      throw error;
    });
  }

  private async iterator(after: string | undefined): Promise<string | undefined> {
    const { ShardIterator } = await this.deps.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.lease.streamArn,
        ShardId: this.lease.shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  private isNew(record: _Record): boolean {
    const acknowledged = this.lease.acknowledged;
    return !acknowledged || BigInt(sequenceOf(record)) > BigInt(acknowledged);
  }

  private pause(ms: number): Promise<void> {
    return pause(ms, this.deps.signal);
  }
}

/** Waits `ms`, or less if `signal` aborts first. */
export const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });

const sequenceOf = (record: _Record): string => record.dynamodb?.SequenceNumber ?? '0';

const toLambdaEvent = (records: _Record[], streamArn: string): DynamoDBStreamEvent => ({
  Records: records.map((record) => ({
    eventID: record.eventID,
    eventName: record.eventName,
    eventSource: 'aws:dynamodb',
    eventVersion: record.eventVersion,
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: record.dynamodb as NonNullable<DynamoDBStreamEvent['Records'][number]['dynamodb']>,
  })),
});
