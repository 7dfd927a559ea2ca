import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { type ReadModelStore, type StoredView, ViewConflictError } from '#ports/readModelStore';

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
}

const toItem = (view: StoredView) => ({
  pk: `${view.context}#${view.projection}`,
  sk: view.key,
  context: view.context,
  projection: view.projection,
  version: view.version,
  revision: view.revision,
  sources: JSON.stringify(view.sources),
  data: JSON.stringify(view.data),
  updatedAt: view.updatedAt,
});

const fromItem = (item: Record<string, unknown>): StoredView => ({
  context: item.context as string,
  projection: item.projection as string,
  key: item.sk as string,
  version: item.version as number,
  revision: item.revision as number,
  sources: JSON.parse(item.sources as string) as Record<string, number>,
  data: JSON.parse(item.data as string),
  updatedAt: item.updatedAt as string,
});
