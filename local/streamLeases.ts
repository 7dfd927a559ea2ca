import { ConditionalCheckFailedException, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

/**
 * One item of the leases table (TABLE_SCHEMAS.leases): the lease on one shard of a table's
 * stream, as the Kinesis Client Library keeps them. Every write but the first is conditional.
 */
export interface LeaseItem {
  /** The stream's ARN. */
  pk: string;
  /** The shard's id. */
  sk: string;
  /** The shard this one was split from: read to its end before this one is read. */
  parentShardId?: string;
  /**
   * Raised by every take, renewal and release: another runtime that sees it unchanged for a lease's
   * duration (by its own clock, so no two clocks are compared) may take the lease.
   */
  leaseCounter: number;
  /** The runtime holding it (`host:port/random`, one per process); none: free. */
  owner?: string;
  /** The last sequence number whose commit the publisher acknowledged: a new reader starts after it. */
  checkpoint?: string;
  /** The shard is closed and was read to its end: its children may be read. */
  finished?: boolean;
  /** When its owner last took or renewed it, by the owner's clock: for people reading the table. */
  renewedAt?: string;
}

const conditionFailed = (error: unknown): false => {
  if (error instanceof ConditionalCheckFailedException) return false;
  throw error;
};

/** The leases of one leases table; each call is one request. */
export class StreamLeases {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Every lease of a stream, strongly consistent. */
  async list(streamArn: string): Promise<LeaseItem[]> {
    const items: LeaseItem[] = [];
    const pages = paginateQuery(
      { client: this.documents },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :stream',
        ExpressionAttributeValues: { ':stream': streamArn },
        ConsistentRead: true,
      },
    );
    try {
      for await (const page of pages) items.push(...((page.Items ?? []) as LeaseItem[]));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      throw new Error(`the leases table '${this.tableName}' does not exist (LEASES_TABLE; see the README)`);
    }
    return items;
  }

  /** A free lease for a shard first seen; false if another runtime created it first. */
  async create(streamArn: string, shardId: string, parentShardId: string | undefined): Promise<boolean> {
    const item: LeaseItem = { pk: streamArn, sk: shardId, leaseCounter: 0, ...(parentShardId && { parentShardId }) };
    return this.documents
      .send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }))
      .then(() => true, conditionFailed);
  }

  /**
   * Takes a lease as it was seen (free, expired, or this runtime's own after it stopped reading):
   * only if nobody wrote it since (its counter is the one seen), so of two takers one wins.
   * Returns the lease as taken, or undefined if it moved on.
   */
  async take(seen: LeaseItem, owner: string): Promise<LeaseItem | undefined> {
    const taken = await this.documents
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: seen.pk, sk: seen.sk },
          UpdateExpression: 'SET #owner = :owner, leaseCounter = :next, renewedAt = :now',
          ConditionExpression: 'leaseCounter = :seen AND attribute_not_exists(finished)',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: {
            ':owner': owner,
            ':seen': seen.leaseCounter,
            ':next': seen.leaseCounter + 1,
            ':now': new Date().toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      )
      .catch(conditionFailed);
    return taken ? (taken.Attributes as LeaseItem) : undefined;
  }

  /** Raises the counter of a lease still held; false if another runtime took it. */
  renew(lease: LeaseKey, owner: string): Promise<boolean> {
    return this.ownersUpdate(lease, owner, 'SET renewedAt = :now ADD leaseCounter :one', {
      ':now': new Date().toISOString(),
      ':one': 1,
    });
  }

  /** Records the last acknowledged sequence number; false (nothing written) if the lease was lost. */
  checkpoint(lease: LeaseKey, owner: string, sequenceNumber: string): Promise<boolean> {
    return this.ownersUpdate(lease, owner, 'SET checkpoint = :checkpoint', { ':checkpoint': sequenceNumber });
  }

  /** Frees a lease at once (a graceful stop), with its last checkpoint; false if it was lost already. */
  release(lease: LeaseKey, owner: string, checkpoint: string | undefined): Promise<boolean> {
    return this.ownersUpdate(
      lease,
      owner,
      `${checkpoint ? 'SET checkpoint = :checkpoint ' : ''}REMOVE #owner ADD leaseCounter :one`,
      { ':one': 1, ...(checkpoint && { ':checkpoint': checkpoint }) },
    );
  }

  /** Marks a closed shard read to its end and frees it: its children become readable. */
  finish(lease: LeaseKey, owner: string, checkpoint: string | undefined): Promise<boolean> {
    return this.ownersUpdate(
      lease,
      owner,
      `SET finished = :true${checkpoint ? ', checkpoint = :checkpoint' : ''} REMOVE #owner ADD leaseCounter :one`,
      { ':one': 1, ':true': true, ...(checkpoint && { ':checkpoint': checkpoint }) },
    );
  }

  /** Forgets a finished lease whose shard left the stream (past its 24-hour retention). */
  async remove(lease: LeaseKey): Promise<void> {
    await this.documents
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: lease.streamArn, sk: lease.shardId },
          ConditionExpression: 'finished = :true',
          ExpressionAttributeValues: { ':true': true },
        }),
      )
      .catch(conditionFailed);
  }

  /** An update applied only while `owner` holds the lease: every write of a holder goes through here. */
  private ownersUpdate(
    lease: LeaseKey,
    owner: string,
    updateExpression: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    return this.documents
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: lease.streamArn, sk: lease.shardId },
          UpdateExpression: updateExpression,
          ConditionExpression: '#owner = :me',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':me': owner, ...values },
        }),
      )
      .then(() => true, conditionFailed);
  }
}

/** Which lease: the stream and the shard. */
export interface LeaseKey {
  streamArn: string;
  shardId: string;
}
