import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

interface ShardCursor {
  shardId: string;
  iterator: string | undefined;
  /** The last record the handler took (none failed up to it): where an expired iterator resumes. */
  handled?: string;
}

/**
 * Does locally what Lambda's DynamoDB Streams event source mapping does in AWS, for the runtime
 * pointed at DynamoDB Local: reads every shard of the table's stream from its oldest record
 * (TRIM_HORIZON, so nothing written before the start is missed; repeats are harmless downstream),
 * hands records in order to the handler, and on a reported failure reads again from the failed
 * record. New shards are picked up as the stream splits.
 */
export class DynamoStreamPoller {
  private readonly streams = new DynamoDBStreamsClient({});
  private readonly cursors = new Map<string, ShardCursor>();
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly tableName: string,
    private readonly handler: StreamHandler,
    private readonly options: { onError?: (error: unknown) => void; idleMs?: number } = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.streams.destroy();
  }

  private async run(): Promise<void> {
    const dynamo = new DynamoDBClient({});
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: this.tableName }));
    dynamo.destroy();
    const streamArn = Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`Table ${this.tableName} has no stream`);
    let lastDescribe = 0;
    while (this.running) {
      try {
        if (Date.now() - lastDescribe > 5000) {
          await this.discoverShards(streamArn);
          lastDescribe = Date.now();
        }
        let delivered = 0;
        for (const cursor of this.cursors.values()) {
          const wasOpen = cursor.iterator !== undefined;
          delivered += await this.poll(streamArn, cursor);
          // A shard that just closed has children to read: look for them now, not in 5 s.
          if (wasOpen && cursor.iterator === undefined) lastDescribe = 0;
        }
        if (delivered === 0) await new Promise((resolve) => setTimeout(resolve, this.options.idleMs ?? 50));
      } catch (error) {
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async discoverShards(streamArn: string): Promise<void> {
    const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || this.cursors.has(shard.ShardId)) continue;
      const { ShardIterator } = await this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      this.cursors.set(shard.ShardId, { shardId: shard.ShardId, iterator: ShardIterator });
    }
  }

  /** Reads one page of a shard and hands it over; returns how many records were delivered. */
  private async poll(streamArn: string, cursor: ShardCursor): Promise<number> {
    if (!cursor.iterator) return 0; // a closed shard, fully read
    const page = await this.streams
      .send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: 100 }))
      .catch(async (error: unknown) => {
        if (!(error instanceof TrimmedDataAccessException || error instanceof ExpiredIteratorException)) throw error;
        // Retrying this iterator can never succeed: take a new one, or the event flow stops for good.
        cursor.iterator = await this.restartIterator(streamArn, cursor, error instanceof ExpiredIteratorException);
        return undefined;
      });
    if (!page) return 0;
    const { Records = [], NextShardIterator } = page;
    if (Records.length === 0) {
      cursor.iterator = NextShardIterator;
      return 0;
    }
    const { batchItemFailures } = await this.handler(toLambdaEvent(Records, streamArn));
    const failedAt = batchItemFailures[0]?.itemIdentifier;
    if (!failedAt) {
      cursor.iterator = NextShardIterator;
      cursor.handled = Records.at(-1)?.dynamodb?.SequenceNumber ?? cursor.handled;
      return Records.length;
    }
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: cursor.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        SequenceNumber: failedAt,
      }),
    );
    cursor.iterator = ShardIterator;
    await new Promise((resolve) => setTimeout(resolve, 200));
    return Records.length;
  }

  /**
   * A new iterator for a shard whose iterator became unusable. Expired (unused for 15 minutes, a
   * suspended process): after the last record handed over. Trimmed: from the oldest record still
   * there. DynamoDB Local also answers Trimmed when a TRIM_HORIZON iterator was taken while the
   * shard was empty and another table was written first (its sequence numbers are shared by all
   * tables, so the shard's first record is not number 1): then TRIM_HORIZON, taken again, starts
   * at that first record.
   */
  private async restartIterator(streamArn: string, cursor: ShardCursor, expired: boolean): Promise<string | undefined> {
    const after = expired ? cursor.handled : undefined;
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: cursor.shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }
}

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
