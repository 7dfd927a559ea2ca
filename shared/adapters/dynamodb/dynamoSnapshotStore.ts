import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Snapshot, SnapshotStore } from '../../ports/snapshotStore';

/** Snapshots beside their stream in the events table, at sort key -1 (commits start at 0). */
export const SNAPSHOT_SK = -1;

export class DynamoSnapshotStore implements SnapshotStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(streamKey: string): Promise<Snapshot | undefined> {
    // An eventually consistent read is enough: an older snapshot only means more events to read.
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: streamKey, sk: SNAPSHOT_SK } }),
    );
    if (!Item) return undefined;
    return {
      streamKey,
      version: Item.version as number,
      schemaVersion: Item.schemaVersion as number,
      state: JSON.parse(Item.state as string),
    };
  }

  async put(snapshot: Snapshot): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: snapshot.streamKey,
            sk: SNAPSHOT_SK,
            version: snapshot.version,
            schemaVersion: snapshot.schemaVersion,
            // Stored as a string: state may hold empty maps or values DynamoDB types awkwardly.
            state: JSON.stringify(snapshot.state),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': snapshot.version },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
