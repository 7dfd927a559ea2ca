import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CommandLedger, CommandRecord } from '#ports/commandLedger';
import { fromRecordItem, recordKey, toRecordItem } from './recordItem';

/** Command records in the commands table (pk = `context#commandId`, TTL on `expiresAt`). */
export class DynamoCommandLedger implements CommandLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(
    context: string,
    commandId: string,
    options: { consistent?: boolean } = {},
  ): Promise<CommandRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: recordKey(context, commandId) },
        ConsistentRead: options.consistent ?? true,
      }),
    );
    return Item ? fromRecordItem(Item) : undefined;
  }

  async accept(record: CommandRecord): Promise<CommandRecord | undefined> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toRecordItem(record),
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (await this.get(record.context, record.commandId)) ?? record;
    }
  }

  succeed(record: CommandRecord): Promise<void> {
    return this.complete(record);
  }

  fail(record: CommandRecord): Promise<void> {
    return this.complete(record);
  }

  /** Writes a terminal record over nothing or over 'accepted': the first outcome stands. */
  private async complete(record: CommandRecord): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toRecordItem(record),
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :accepted',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':accepted': 'accepted' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
