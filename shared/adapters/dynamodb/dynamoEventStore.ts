import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  paginateScan,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
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
  schemaVersionOf,
  versionEvents,
} from '#ports/eventStore';

import { type CommitItem, commitOfItem } from './commitItem';

export { type CommitItem, commitOfItem } from './commitItem';

const REPLICATED_CONFLICT = 'ReplicatedWriteConflictException';

/**
 * DynamoDB event store. A commit is one PutItem keyed (stream key, base version) with
 * `attribute_not_exists(pk)`: two writers that decided on the same version collide on the same
 * key, so a stale writer is rejected, and one item means the commit is atomic and appears in
 * DynamoDB Streams as one record, in order within its stream. No transaction: the commit carries
 * its command's id and fingerprint, which is how a retry recognises it (see priorOutcome.ts), so
 * this is the cheapest write DynamoDB has (1 WCU under 1 KB) and one that tables with
 * multi-region strong consistency accept.
 */
export class DynamoEventStore implements EventStore, StreamCatalog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { events: string },
  ) {}

  async append(request: AppendRequest): Promise<void> {
    const item: CommitItem = {
      pk: request.streamKey,
      sk: request.expectedVersion,
      last: request.expectedVersion + request.events.length,
      events: request.events.map((event) => ({
        type: event.type,
        schemaVersion: schemaVersionOf(event),
        data: event.data,
      })),
      commandId: request.commandId,
      fp: request.fingerprint,
      committedAt: request.committedAt,
    };
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tables.events, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      // On a table with multi-region strong consistency a write racing one in another region is
      // refused with ReplicatedWriteConflictException, nothing written: a conflict like any other.
      if (error instanceof ConditionalCheckFailedException || (error as Error)?.name === REPLICATED_CONFLICT) {
        throw new StreamConflictError(request.streamKey, request.expectedVersion);
      }
      throw error;
    }
  }

  async read(streamKey: string, options: ReadOptions = {}): Promise<ReadResult> {
    const from = Math.max(1, options.fromVersion ?? 1);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const startBase =
      from === 1 || options.fromCommitBoundary ? from - 1 : await this.baseOfCommitContaining(streamKey, from);
    const events: StoredEvent[] = [];
    // Roughly one commit per event: ask for what the limit needs, not more (DynamoDB bills reads).
    const pageSize = Number.isFinite(limit) ? Math.min(1000, limit + 1) : undefined;
    let exclusiveStartKey: QueryCommandInput['ExclusiveStartKey'];
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tables.events,
          KeyConditionExpression: 'pk = :pk AND sk >= :from',
          ExpressionAttributeValues: { ':pk': streamKey, ':from': startBase },
          ConsistentRead: true,
          Limit: pageSize,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      const items = (page.Items ?? []) as CommitItem[];
      for (const [index, item] of items.entries()) {
        if (events.length >= limit) return { events, hasMore: true };
        for (const event of versionEvents(item.sk, item.events)) if (event.version >= from) events.push(event);
        if (events.length >= limit && (index < items.length - 1 || page.LastEvaluatedKey)) {
          return { events, hasMore: true };
        }
      }
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return { events, hasMore: false };
  }

  async readCommits(streamKey: string, range: { afterVersion: number; beforeVersion?: number }): Promise<Commit[]> {
    const bounded = range.beforeVersion !== undefined;
    if (bounded && (range.beforeVersion ?? 0) <= range.afterVersion) return [];
    const items = await this.queryAll({
      TableName: this.tables.events,
      KeyConditionExpression: bounded ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk AND sk >= :from',
      ExpressionAttributeValues: {
        ':pk': streamKey,
        ':from': range.afterVersion,
        ...(bounded && { ':to': (range.beforeVersion ?? 0) - 1 }),
      },
      ConsistentRead: true,
    });
    return items.map(commitOfItem);
  }

  async readTail(streamKey: string, maxCommits: number): Promise<StreamTail> {
    const items = await this.queryAll(
      {
        TableName: this.tables.events,
        KeyConditionExpression: 'pk = :pk AND sk >= :zero',
        ExpressionAttributeValues: { ':pk': streamKey, ':zero': 0 },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      maxCommits,
    );
    const commits = items.reverse().map(commitOfItem);
    return { commits, complete: commits.length === 0 || commits[0]?.baseVersion === 0 };
  }

  async currentVersion(streamKey: string): Promise<number> {
    const { commits } = await this.readTail(streamKey, 1);
    const newest = commits.at(-1);
    return newest ? lastVersionOf(newest) : 0;
  }

  /**
   * Every stream's first commit (sort key 0) names the stream once: a filtered, paginated scan.
   * For rebuilds and tools; its cost grows with the table, so nothing on a request path uses it.
   */
  async *streamKeys(prefix: string): AsyncIterable<string> {
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.tables.events,
        FilterExpression: 'sk = :zero AND begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':zero': 0, ':prefix': prefix },
        ProjectionExpression: 'pk',
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield item.pk as string;
  }

  /** Every item a query matches (up to `max`), in DynamoDB's 1 MB pages: one request when it fits. */
  private async queryAll(input: QueryCommandInput, max = Number.POSITIVE_INFINITY): Promise<CommitItem[]> {
    const items: CommitItem[] = [];
    let exclusiveStartKey: QueryCommandInput['ExclusiveStartKey'];
    do {
      const remaining = max - items.length;
      const page = await this.client.send(
        new QueryCommand({
          ...input,
          ...(Number.isFinite(remaining) && { Limit: remaining }),
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      items.push(...((page.Items ?? []) as CommitItem[]));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey && items.length < max);
    return items;
  }

  /** The base version of the commit that holds `version`: the greatest base below it. */
  private async baseOfCommitContaining(streamKey: string, version: number): Promise<number> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tables.events,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :zero AND :before',
        ExpressionAttributeValues: { ':pk': streamKey, ':zero': 0, ':before': version - 1 },
        ProjectionExpression: 'sk',
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    return (Items?.[0]?.sk as number | undefined) ?? 0;
  }
}
