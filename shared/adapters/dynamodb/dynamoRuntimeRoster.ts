import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RuntimeRoster } from '#ports/runtimeRoster';

const rosterPk = (endpoint: string) => `runtime#${endpoint}`;

/**
 * Leases in the connections table (pk = `runtime#<endpoint>`, sk = `meta`), read strongly
 * consistently; TTL removes the item of a runtime that is long gone.
 */
export class DynamoRuntimeRoster implements RuntimeRoster {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async beat(endpoint: string, aliveUntil: number): Promise<void> {
    const expiresAt = Math.ceil(aliveUntil / 1000) + 3600;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: rosterPk(endpoint), sk: 'meta', aliveUntil, expiresAt },
      }),
    );
  }

  async isAlive(endpoint: string, now: number): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: rosterPk(endpoint), sk: 'meta' }, ConsistentRead: true }),
    );
    return typeof Item?.aliveUntil === 'number' && Item.aliveUntil > now;
  }

  async leave(endpoint: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: rosterPk(endpoint), sk: 'meta' } }),
    );
  }
}
