import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Connection, ConnectionRegistry, Subscription } from '../../ports/connectionRegistry';

const connectionPk = (connectionId: string) => `conn#${connectionId}`;
const viewPk = (context: string, projection: string, key: string) => `view#${context}#${projection}#${key}`;

/**
 * The connections table. A connection is one item (pk = `conn#<id>`, sk = `meta`). A subscription
 * is two items written in one transaction: one in the view's partition (pk = `view#…`, sk =
 * `conn#<id>`), which the pusher reads with one strongly consistent query — a global index would
 * be eventually consistent, and a push in that window would miss a subscriber that just joined —
 * and one in the connection's partition (sk = the view), which a disconnect reads to delete both.
 * Every item has a TTL, so the records of connections whose disconnect never came disappear.
 */
export class DynamoConnectionRegistry implements ConnectionRegistry {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async connect(connection: Connection): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: connectionPk(connection.connectionId), sk: 'meta', ...connection },
      }),
    );
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: connectionPk(connectionId), sk: 'meta' },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...connection } = Item;
    return connection as Connection;
  }

  async disconnect(connectionId: string): Promise<void> {
    const keys: { pk: string; sk: string }[] = [];
    for await (const sk of this.partitionKeys(connectionPk(connectionId))) {
      keys.push({ pk: connectionPk(connectionId), sk });
      if (sk.startsWith('view#')) keys.push({ pk: sk, sk: connectionPk(connectionId) });
    }
    for (let start = 0; start < keys.length; start += 25) {
      let requests = keys.slice(start, start + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests.length > 0 && attempt < 8; attempt++) {
        const { UnprocessedItems } = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      }
    }
  }

  async subscribe(subscription: Subscription, expiresAt: number): Promise<void> {
    const view = viewPk(subscription.context, subscription.projection, subscription.key);
    const connection = connectionPk(subscription.connectionId);
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { pk: connection, sk: view, expiresAt } } },
          {
            Put: {
              TableName: this.tableName,
              Item: { pk: view, sk: connection, connectionId: subscription.connectionId, expiresAt },
            },
          },
        ],
      }),
    );
  }

  async unsubscribe(subscription: Subscription): Promise<void> {
    const view = viewPk(subscription.context, subscription.projection, subscription.key);
    const connection = connectionPk(subscription.connectionId);
    await Promise.all([
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: connection, sk: view } })),
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: view, sk: connection } })),
    ]);
  }

  async subscribers(context: string, projection: string, key: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const sk of this.partitionKeys(viewPk(context, projection, key))) ids.push(sk.slice('conn#'.length));
    return ids;
  }

  /** The sort keys of one partition, read strongly consistently, page by page. */
  private async *partitionKeys(pk: string): AsyncIterable<string> {
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield item.sk as string;
  }
}
