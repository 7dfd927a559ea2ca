import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateScan,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ContextExistsError, type ContextRecord, type ContextStore } from '#ports/contextStore';

/**
 * The contexts table: pk = the context's name, one item per context, never deleted. A create is a
 * conditional put, so that two writers (two Lambda instances seeding at once, two admins) cannot
 * both take a name; reads are strongly consistent, so a name just taken is seen taken.
 */
export class DynamoContextStore implements ContextStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<ContextRecord[]> {
    const records: ContextRecord[] = [];
    // A scan: the table holds one small item per context a deployment ever had (tens, not millions).
    const pages = paginateScan({ client: this.client }, { TableName: this.tableName, ConsistentRead: true });
    for await (const page of pages) for (const item of page.Items ?? []) records.push(recordOf(item));
    return records.sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<ContextRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: name }, ConsistentRead: true }),
    );
    return Item && recordOf(Item);
  }

  async create(record: ContextRecord): Promise<void> {
    const { name, ...rest } = record;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: name, ...rest },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Items are never deleted, so the record that won is still there to read.
      const existing = await this.get(name);
      if (!existing) throw new Error(`Context '${name}' was taken but cannot be read back`, { cause: error });
      throw new ContextExistsError(existing);
    }
  }

  async retire(name: string, at: Date): Promise<ContextRecord | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: name },
          // `if_not_exists` keeps the first retire's time: retiring again changes nothing.
          UpdateExpression: 'SET #state = :retired, retiredAt = if_not_exists(retiredAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          // `state` is a reserved word in DynamoDB expressions.
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':retired': 'retired', ':at': at.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes && recordOf(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}

/** An item as a record; an item of another shape is a corrupt table, reported as such. */
const recordOf = (item: Record<string, unknown>): ContextRecord => {
  const { pk, state, createdAt, retiredAt } = item;
  if (
    typeof pk !== 'string' ||
    (state !== 'active' && state !== 'retired') ||
    typeof createdAt !== 'string' ||
    (retiredAt !== undefined && typeof retiredAt !== 'string')
  ) {
    throw new Error(`Not a context record in the contexts table: ${JSON.stringify(item)}`);
  }
  return { name: pk, state, createdAt, ...(retiredAt !== undefined && { retiredAt }) };
};
