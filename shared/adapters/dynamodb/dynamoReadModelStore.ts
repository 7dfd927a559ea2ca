import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { keyOfSortPosition } from '#core/viewIndex';
import {
  type ChangedSinceQuery,
  type PageQuery,
  type ReadModelStore,
  type StoredView,
  ViewConflictError,
  type ViewPage,
} from '#ports/readModelStore';
import { changedViews } from './changedViews';
import { fromItem, toItem } from './viewItems';

/**
 * Views in the views table: pk = `context#projection`, sk = view key, so a projection's views in
 * a context are one partition (rebuilds and tools list them with one paginated query). `data` and
 * `sources` are stored as JSON strings: views hold empty maps and keys that DynamoDB types awkwardly,
 * and nothing queries inside them. The revision check is the write's condition.
 */
export class DynamoReadModelStore implements ReadModelStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(context: string, projection: string, key: string): Promise<StoredView | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `${context}#${projection}`, sk: key },
        ConsistentRead: true,
      }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async put(view: StoredView, expectedRevision: number): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(view),
          ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(pk)' : '#revision = :expected',
          ...(expectedRevision !== 0 && {
            ExpressionAttributeNames: { '#revision': 'revision' },
            ExpressionAttributeValues: { ':expected': expectedRevision },
          }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ViewConflictError(view.projection, view.key, expectedRevision);
      }
      throw error;
    }
  }

  async *list(context: string, projection: string): AsyncIterable<StoredView> {
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `${context}#${projection}` },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield fromItem(item);
  }

  /**
   * One Query on the projection's partition, `begins_with` on the key, from the key after the
   * last one seen. One item more than the page is asked for, so that `next` is set only when a
   * view follows (DynamoDB's LastEvaluatedKey alone would also be set on a page that ends exactly
   * at the last view); a Query cut short by its 1 MB limit ends the page early, with `next` set.
   */
  async page(context: string, projection: string, query: PageQuery): Promise<ViewPage> {
    const pk = `${context}#${projection}`;
    if (query.index) return this.indexPage(pk, query.limit, query.index, query.after);
    // DynamoDB takes a start key only inside the key condition's range: one before the prefix's
    // range starts at the range, one past it leaves nothing to read.
    const { prefix, after } = query;
    if (prefix && after !== undefined && !after.startsWith(prefix)) {
      if (Buffer.compare(Buffer.from(after), Buffer.from(prefix)) > 0) return { views: [] };
      return this.page(context, projection, { limit: query.limit, prefix });
    }
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk, ...(prefix && { ':prefix': prefix }) },
        ...(after !== undefined && { ExclusiveStartKey: { pk, sk: after } }),
        Limit: query.limit + 1,
        ConsistentRead: true,
      }),
    );
    const views = Items.slice(0, query.limit).map(fromItem);
    const more = Items.length > query.limit || LastEvaluatedKey !== undefined;
    const last = views.at(-1);
    return more && last ? { views, next: last.key } : { views };
  }

  /**
   * A page in an index's order: one Query on the `sorted` index, or on the filter field's. Global
   * secondary indexes are read eventually consistent (DynamoDB offers nothing else on them): a
   * view written a moment ago may be missing or a version behind in a filtered or sorted list.
   */
  private async indexPage(
    pk: string,
    limit: number,
    index: NonNullable<PageQuery['index']>,
    after: string | undefined,
  ): Promise<ViewPage> {
    const filter = index.filter;
    const [indexName, attribute, value] = filter
      ? [`filter${filter.slot}`, `ixf${filter.slot}`, `${pk}#${filter.value}`]
      : ['sorted', 'ixa', pk];
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexName,
        KeyConditionExpression: '#partition = :value',
        ExpressionAttributeNames: { '#partition': attribute },
        ExpressionAttributeValues: { ':value': value },
        ScanIndexForward: !index.descending,
        ...(after !== undefined && {
          ExclusiveStartKey: { pk, sk: keyOfSortPosition(after), [attribute]: value, ixs: after },
        }),
        Limit: limit + 1,
      }),
    );
    const views = Items.slice(0, limit).map(fromItem);
    const more = Items.length > limit || LastEvaluatedKey !== undefined;
    const last = views.at(-1)?.index?.sort;
    return more && last !== undefined ? { views, next: last } : { views };
  }
  /** The `changed` index (keys only, eventually consistent), then the views themselves (changedViews.ts). */
  changedSince(context: string, projection: string, query: ChangedSinceQuery): Promise<ViewPage> {
    return changedViews(this.client, this.tableName, `${context}#${projection}`, query);
  }
}
