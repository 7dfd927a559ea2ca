import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  paginateScan,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AppendRequest,
  CommandAlreadyRecordedError,
  type EventStore,
  type NewEvent,
  type ReadOptions,
  type ReadResult,
  type StoredEvent,
  type StreamCatalog,
  StreamConflictError,
  versionEvents,
} from '../../ports/eventStore';
import { recordKey, toRecordItem } from './recordItem';

/** One item per commit: all events of a command, in order, under the stream's partition. */
interface CommitItem {
  pk: string;
  /** The version the commit was appended on (0 for the first): the optimistic-lock key. */
  sk: number;
  /** The version of the commit's last event. */
  last: number;
  events: NewEvent[];
  commandId: string;
  context: string;
  committedAt: string;
}

/**
 * DynamoDB event store. A commit is one PutItem keyed (stream key, base version) with
 * `attribute_not_exists(pk)`: two writers that decided on the same version collide on the same
 * key, so a stale writer is rejected, and one item means the commit is atomic and appears in
 * DynamoDB Streams as one record, in order within its stream. The command record is written in
 * the same transaction, so a command's id and its events land together.
 */
export class DynamoEventStore implements EventStore, StreamCatalog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { events: string; commands: string },
    private readonly pageSize = 100,
  ) {}

  async append(request: AppendRequest): Promise<void> {
    const item: CommitItem = {
      pk: request.streamKey,
      sk: request.expectedVersion,
      last: request.expectedVersion + request.events.length,
      events: request.events.map(({ type, data }) => ({ type, data })),
      commandId: request.record.commandId,
      context: request.record.context,
      committedAt: request.committedAt,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tables.events,
                Item: item,
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tables.commands,
                Item: toRecordItem(request.record),
                // An async command's 'accepted' record is completed by its commit.
                ConditionExpression: 'attribute_not_exists(pk) OR #status = :accepted',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':accepted': 'accepted' },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const [commit, record] = error.CancellationReasons ?? [];
        if (record?.Code === 'ConditionalCheckFailed') {
          throw new CommandAlreadyRecordedError(request.record.commandId);
        }
        if (commit?.Code === 'ConditionalCheckFailed') {
          throw new StreamConflictError(request.streamKey, request.expectedVersion);
        }
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
    let exclusiveStartKey: QueryCommandInput['ExclusiveStartKey'];
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tables.events,
          KeyConditionExpression: 'pk = :pk AND sk >= :from',
          ExpressionAttributeValues: { ':pk': streamKey, ':from': startBase },
          ConsistentRead: true,
          Limit: this.pageSize,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      const items = (page.Items ?? []) as CommitItem[];
      for (const [index, item] of items.entries()) {
        if (events.length >= limit) {
          return { events, hasMore: true };
        }
        for (const event of versionEvents(item.sk, item.events)) if (event.version >= from) events.push(event);
        if (events.length >= limit && (index < items.length - 1 || page.LastEvaluatedKey)) {
          return { events, hasMore: true };
        }
      }
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return { events, hasMore: false };
  }

  async currentVersion(streamKey: string): Promise<number> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tables.events,
        KeyConditionExpression: 'pk = :pk AND sk >= :zero',
        ExpressionAttributeValues: { ':pk': streamKey, ':zero': 0 },
        ProjectionExpression: '#last',
        ExpressionAttributeNames: { '#last': 'last' },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    return (Items?.[0]?.last as number | undefined) ?? 0;
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

export { recordKey };
