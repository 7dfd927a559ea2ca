import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, type Shard } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type HeldLease, renewHeld } from './heldLeases';
import { LeaseObserver, planTakes } from './leasePlan';
import { pause, type ReaderEnd, ShardReader, type StreamHandler } from './shardReader';
import { type LeaseItem, StreamLeases } from './streamLeases';
import { describeShards, streamArnOf } from './streamShards';

export type { StreamHandler } from './shardReader';

export interface StreamPollerOptions {
  /** The leases table (TABLE_SCHEMAS.leases): one lease per shard, with its owner and checkpoint. */
  leaseTable: string;
  /** This runtime's name in the leases: unique per process (see `runtimeOwnerId`). */
  owner: string;
  /** How long a lease whose owner stopped renewing it stays its owner's; 10 s by default. */
  leaseDurationMs?: number;
  /** How often held leases are renewed; a third of the duration by default. */
  renewEveryMs?: number;
  /** How often the leases are read and free or expired ones taken; a fifth of the duration by default. */
  takeEveryMs?: number;
  /** The pause after an empty read of a shard; 250 ms (Lambda polls a shard 4 times a second). */
  idleMs?: number;
  onError?: (error: unknown) => void;
}

/** A runtime's owner id in the leases: a random id per process, after `host:port` for people reading them. */
export const runtimeOwnerId = (name = hostname()): string => `${name}/${randomUUID().slice(0, 8)}`;

const DESCRIBE_EVERY_MS = 5000;

/**
 * Does locally what Lambda's DynamoDB Streams event source mapping does in AWS, for the runtime
 * on DynamoDB (Local or real), also when several runtimes read one stream: each shard is read by
 * the one runtime holding its lease (local/streamLeases.ts), from after the lease's checkpoint,
 * and its records are handed in order to the handler (shardReader.ts). Leases are renewed every
 * few seconds; one whose owner stopped renewing is taken over after the lease's duration; a
 * child shard is read once its parent is finished; a graceful stop releases the leases at once.
 */
export class DynamoStreamPoller {
  private readonly streams = new DynamoDBStreamsClient({});
  private readonly dynamo = new DynamoDBClient({});
  private readonly leases: StreamLeases;
  private readonly durationMs: number;
  private readonly observer: LeaseObserver;
  private readonly held = new Map<string, HeldLease>();
  private readonly readers = new Map<string, Promise<ReaderEnd>>();
  /** Aborted first on stop: no more takes, and readers end after the batch in hand. */
  private readonly stopping = new AbortController();
  /** Aborted once the readers ended: renewals go on until then, so a slow last batch keeps its lease. */
  private readonly stopRenewing = new AbortController();
  private taker: Promise<void> | undefined;
  private renewer: Promise<void> | undefined;
  private shards: Shard[] = [];
  private describedAt = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly tableName: string,
    private readonly handler: StreamHandler,
    private readonly options: StreamPollerOptions,
  ) {
    if (!options.leaseTable) throw new Error('The stream poller needs a leases table (LEASES_TABLE)');
    this.leases = new StreamLeases(DynamoDBDocumentClient.from(this.dynamo), options.leaseTable);
    this.durationMs = options.leaseDurationMs ?? 10_000;
    this.observer = new LeaseObserver(this.durationMs);
  }

  start(): void {
    if (this.taker || this.stopping.signal.aborted) return;
    this.taker = streamArnOf(this.dynamo, this.tableName, this.stopping.signal, this.report).then((arn) =>
      arn ? this.taking(arn) : undefined,
    );
    this.renewer = this.renewing();
  }

  /** Stops reading after the batches in hand, stores their checkpoints and releases every lease held (once). */
  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    await this.taker;
    await Promise.all(this.readers.values());
    this.stopRenewing.abort();
    await this.renewer;
    await Promise.all(
      [...this.held.values()].map((lease) =>
        this.leases.release(lease, this.options.owner, lease.acknowledged).catch(this.report),
      ),
    );
    this.held.clear();
    this.streams.destroy();
    this.dynamo.destroy();
  }

  /** The shards this runtime reads now (for health pages and tests): a lost lease leaves this list. */
  readingShards(): string[] {
    return [...this.held.keys()];
  }

  private readonly report = (error: unknown) => this.options.onError?.(error);

  /** Reads the leases, creates those of new shards and takes free or expired ones, every takeEveryMs. */
  private async taking(streamArn: string): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        await this.takePass(streamArn);
      } catch (error) {
        this.report(error);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        void pause(this.options.takeEveryMs ?? this.durationMs / 5, this.stopping.signal).then(resolve);
      });
    }
  }

  private async takePass(streamArn: string): Promise<void> {
    if (Date.now() - this.describedAt > DESCRIBE_EVERY_MS) {
      this.shards = await describeShards(this.streams, streamArn);
      this.describedAt = Date.now();
    }
    const inStream = new Set(this.shards.map((shard) => shard.ShardId ?? ''));
    let items = await this.leases.list(streamArn);
    const known = new Set(items.map((item) => item.sk));
    const fresh = this.shards.filter((shard) => shard.ShardId && !known.has(shard.ShardId));
    for (const shard of fresh) await this.leases.create(streamArn, shard.ShardId ?? '', shard.ParentShardId);
    if (fresh.length > 0) items = await this.leases.list(streamArn);
    const now = Date.now();
    this.observer.observe(items, now);
    for (const gone of items.filter((item) => item.finished && !inStream.has(item.sk))) {
      await this.leases.remove({ streamArn, shardId: gone.sk });
    }
    const candidates = planTakes({
      items,
      shardsInStream: inStream,
      owner: this.options.owner,
      reading: new Set(this.readers.keys()),
      expired: (item) => this.observer.expired(item, now),
      order: (leases) => leases.sort(() => Math.random() - 0.5),
    });
    for (const candidate of candidates) {
      if (this.stopping.signal.aborted) return;
      const sentAt = Date.now();
      const taken = await this.leases.take(candidate, this.options.owner);
      if (taken) this.read(taken, sentAt);
    }
  }

  private read(item: LeaseItem, takenAt: number): void {
    const validUntil = takenAt + this.durationMs;
    const lease: HeldLease = {
      streamArn: item.pk,
      shardId: item.sk,
      acknowledged: item.checkpoint,
      validUntil,
      lost: false,
    };
    this.held.set(lease.shardId, lease);
    const reader = new ShardReader(
      {
        streams: this.streams,
        leases: this.leases,
        owner: this.options.owner,
        handler: this.handler,
        signal: this.stopping.signal,
        idleMs: this.options.idleMs ?? 250,
        onError: this.report,
      },
      lease,
    );
    const done = reader.run().catch((error: unknown): ReaderEnd => {
      this.report(error);
      return 'lost';
    });
    this.readers.set(lease.shardId, done);
    void done.then((end) => {
      this.readers.delete(lease.shardId);
      if (end === 'stopped') return; // released by stop()
      this.held.delete(lease.shardId);
      // A finished shard's children may be read now: look for them at once, not in 5 s.
      if (end === 'finished') this.describedAt = 0;
      this.wake?.();
    });
  }

  /** Raises the counter of every lease held, every renewEveryMs; a lease another runtime took is lost. */
  private async renewing(): Promise<void> {
    while (!this.stopRenewing.signal.aborted) {
      const { leases, durationMs } = this;
      await renewHeld(this.held.values(), { leases, owner: this.options.owner, durationMs, onError: this.report });
      await pause(this.options.renewEveryMs ?? this.durationMs / 3, this.stopRenewing.signal);
    }
  }
}
