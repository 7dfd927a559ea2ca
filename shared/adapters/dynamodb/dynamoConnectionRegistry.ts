import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { Connection, ConnectionRegistry, Subscription } from '../../ports/connectionRegistry';

/** The GSI that answers "who is subscribed to this view" with one query. */
export const SUBSCRIBERS_INDEX = 'byView';

const connectionPk = (connectionId: string) => `conn#${connectionId}`;
const viewId = (context: string, projection: string, key: string) => `view#${context}#${projection}#${key}`;

/**
 * The connections table: a connection is one item (pk = `conn#<id>`, sk = `meta`) and each of its
 * subscriptions another in the same partition (sk = the view), which also carries the view as the
 * partition key of the `byView` index (view → connection ids). A disconnect reads the connection's
 * partition and deletes it whole. Every item has a TTL, so records of connections whose disconnect
 * never arrived disappear on their own.
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
      new GetCommand({ TableName: this.tableName, Key: { pk: connectionPk(connectionId), sk: 'meta' } }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...connection } = Item;
    return connection as Connection;
  }

  async disconnect(connectionId: string): Promise<void> {
    const keys: { pk: string; sk: string }[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': connectionPk(connectionId) },
        ProjectionExpression: 'pk, sk',
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) keys.push(item as { pk: string; sk: string });
    for (let start = 0; start < keys.length; start += 25) {
      let requests = keys.slice(start, start + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests.length > 0 && attempt < 8; attempt++) {
        const { UnprocessedItems } = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  async subscribe(subscription: Subscription, expiresAt: number): Promise<void> {
    const view = viewId(subscription.context, subscription.projection, subscription.key);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: connectionPk(subscription.connectionId),
          sk: view,
          view,
          connectionId: subscription.connectionId,
          expiresAt,
        },
      }),
    );
  }

  async unsubscribe(subscription: Subscription): Promise<void> {
    const view = viewId(subscription.context, subscription.projection, subscription.key);
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: connectionPk(subscription.connectionId), sk: view } }),
    );
  }

  async subscribers(context: string, projection: string, key: string): Promise<string[]> {
    const ids: string[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: SUBSCRIBERS_INDEX,
        KeyConditionExpression: '#view = :view',
        ExpressionAttributeNames: { '#view': 'view' },
        ExpressionAttributeValues: { ':view': viewId(context, projection, key) },
        ProjectionExpression: 'connectionId',
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) ids.push(item.connectionId as string);
    return ids;
  }
}
