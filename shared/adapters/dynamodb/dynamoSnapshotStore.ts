import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CommitRef } from '#ports/eventStore';
import type { Snapshot, SnapshotStore } from '#ports/snapshotStore';

/**
 * Snapshots in their own table (pk = stream key), not beside the commits: the events table's
 * stream then carries commits only, and snapshot writes cost the publisher nothing.
 */
export class DynamoSnapshotStore implements SnapshotStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(streamKey: string): Promise<Snapshot | undefined> {
    // An eventually consistent read is enough: an older snapshot only means more events to read.
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: streamKey } }));
    if (!Item) return undefined;
    return {
      streamKey,
      version: Item.version as number,
      schemaVersion: Item.schemaVersion as number,
      state: JSON.parse(Item.state as string),
      recent: typeof Item.recent === 'string' ? (JSON.parse(Item.recent) as CommitRef[]) : undefined,
      recentComplete: Item.recentComplete === true,
    };
  }

  async put(snapshot: Snapshot): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: snapshot.streamKey,
            version: snapshot.version,
            schemaVersion: snapshot.schemaVersion,
            // Stored as strings: state may hold empty maps or values DynamoDB types awkwardly.
            state: JSON.stringify(snapshot.state),
            ...(snapshot.recent && { recent: JSON.stringify(snapshot.recent) }),
            recentComplete: snapshot.recentComplete === true,
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
