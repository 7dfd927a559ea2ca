import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Connection, ConnectionRegistry, Subscriber, Subscription, TokenRenewal } from '#ports/connectionRegistry';
import { deleteItems, type PartitionItem, partitionItems } from './connectionItems';

const connectionPk = (connectionId: string) => `conn#${connectionId}`;
const viewPk = (context: string, projection: string, key: string) => `view#${context}#${projection}#${key}`;
const endpointPk = (endpoint: string) => `endpoint#${endpoint}`;

/**
 * The connections table. A connection is one item (pk = `conn#<id>`, sk = `meta`). A subscription
 * is two items written in one transaction: one in the view's partition (pk = `view#…`, sk =
 * `conn#<id>`), which the pusher reads with one strongly consistent query — a global index would
 * be eventually consistent, and a push in that window would miss a subscriber that just joined —
 * and one in the connection's partition (sk = the view), which a disconnect reads to delete both.
 * Every item has a TTL, so the records of connections whose disconnect never came disappear.
 * The view-partition item also carries the connection's token expiry, so that the pusher learns
 * it from that same query; a fresh token rewrites it (`renewToken`).
 */
export class DynamoConnectionRegistry implements ConnectionRegistry {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async connect(connection: Connection): Promise<void> {
    const pk = connectionPk(connection.connectionId);
    const meta = { TableName: this.tableName, Item: { pk, sk: 'meta', ...connection } };
    const { endpoint, expiresAt } = connection;
    if (endpoint === undefined) return void (await this.client.send(new PutCommand(meta)));
    // With an endpoint, also an entry in that endpoint's partition (and its pointer back, for the
    // disconnect): what a runtime that finds another gone reads to prune its connections.
    const there = endpointPk(endpoint);
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: meta },
          { Put: { TableName: this.tableName, Item: { pk, sk: there, expiresAt } } },
          { Put: { TableName: this.tableName, Item: { pk: there, sk: pk, expiresAt } } },
        ],
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
    for await (const { sk } of this.partition(connectionPk(connectionId))) {
      keys.push({ pk: connectionPk(connectionId), sk });
      // Its subscriptions' items in their views' partitions, and its entry in its endpoint's.
      if (sk.startsWith('view#') || sk.startsWith('endpoint#')) keys.push({ pk: sk, sk: connectionPk(connectionId) });
    }
    await deleteItems(this.client, this.tableName, keys);
  }

  async *connectionsAt(endpoint: string): AsyncIterable<string> {
    for await (const { sk } of this.partition(endpointPk(endpoint))) yield sk.slice('conn#'.length);
  }

  async subscribe(subscription: Subscription, expiresAt: number): Promise<void> {
    const view = viewPk(subscription.context, subscription.projection, subscription.key);
    const connection = connectionPk(subscription.connectionId);
    const { tokenExpiresAt, patches, endpoint } = subscription;
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { pk: connection, sk: view, expiresAt } } },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                pk: view,
                sk: connection,
                connectionId: subscription.connectionId,
                expiresAt,
                ...(tokenExpiresAt !== undefined && { tokenExpiresAt }),
                ...(patches === true && { patches }),
                ...(endpoint !== undefined && { endpoint }),
              },
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

  async subscribers(context: string, projection: string, key: string): Promise<Subscriber[]> {
    const subscribers: Subscriber[] = [];
    for await (const { sk, tokenExpiresAt, patches, endpoint } of this.partition(viewPk(context, projection, key))) {
      subscribers.push({
        connectionId: sk.slice('conn#'.length),
        ...(typeof tokenExpiresAt === 'number' && { tokenExpiresAt }),
        ...(patches === true && { patches }),
        ...(typeof endpoint === 'string' && { endpoint }),
      });
    }
    return subscribers;
  }

  async renewToken(connectionId: string, renewal: TokenRenewal): Promise<void> {
    const connection = connectionPk(connectionId);
    // The connection first: a push that still reads an old expiry on a subscription checks the
    // connection before it closes anything (LiveViews), so it never closes a renewed connection.
    if (!(await this.renewItem({ pk: connection, sk: 'meta' }, renewal, true))) return;
    for await (const { sk } of this.partition(connection)) {
      if (sk.startsWith('view#')) await this.renewItem({ pk: sk, sk: connection }, renewal, false);
    }
  }

  /** Sets the token expiry (and on the connection, the role) of an item that exists; false if it does not. */
  private async renewItem(key: { pk: string; sk: string }, renewal: TokenRenewal, withRole: boolean): Promise<boolean> {
    const { role, tokenExpiresAt } = renewal;
    const set = [
      ...(withRole ? ['#role = :role'] : []),
      ...(tokenExpiresAt !== undefined ? ['tokenExpiresAt = :tokenExpiresAt'] : []),
    ];
    const values = {
      ...(withRole && { ':role': role }),
      ...(tokenExpiresAt !== undefined && { ':tokenExpiresAt': tokenExpiresAt }),
    };
    const update = [set.length > 0 && `SET ${set.join(', ')}`, tokenExpiresAt === undefined && 'REMOVE tokenExpiresAt'];
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: update.filter(Boolean).join(' '),
          ConditionExpression: 'attribute_exists(pk)',
          // ROLE is a DynamoDB reserved word.
          ...(withRole && { ExpressionAttributeNames: { '#role': 'role' } }),
          ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
        }),
      );
      return true;
    } catch (error) {
      // Disconnected or unsubscribed meanwhile: nothing to renew, and nothing is recreated.
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private partition(pk: string): AsyncIterable<PartitionItem> {
    return partitionItems(this.client, this.tableName, pk);
  }
}
