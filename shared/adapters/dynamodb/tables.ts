import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type KeyAttribute, TABLE_SCHEMAS, type TableSchema } from './tableSchemas';

export interface TableNames {
  events: string;
  commands: string;
  /** Snapshots; optional so that tools reading events alone can run without it. */
  snapshots?: string;
  /** Read models; optional so that the command side alone can run without it. */
  views?: string;
  /** WebSocket connections and subscriptions; optional likewise. */
  connections?: string;
  /** The context catalog (the `_admin` area's contexts); optional likewise. */
  contexts?: string;
  /** Process managers' state; optional likewise. */
  processes?: string;
  /** The local runtime's stream leases and checkpoints (not in the stack); optional likewise. */
  leases?: string;
}

/** The CreateTable input of one table from its schema (tableSchemas.ts), on demand. */
export const createTableInput = (tableName: string, schema: TableSchema): CreateTableCommandInput => {
  const keys = [schema.partitionKey, ...(schema.sortKey ? [schema.sortKey] : [])];
  const keySchema = (of: readonly KeyAttribute[]) =>
    of.map((key, i) => ({ AttributeName: key.name, KeyType: i === 0 ? ('HASH' as const) : ('RANGE' as const) }));
  const indexes = schema.indexes ?? [];
  const attributes = new Map<string, KeyAttribute>();
  for (const key of [...keys, ...indexes.flatMap((index) => [index.partitionKey, index.sortKey])]) {
    attributes.set(key.name, key);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()].map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
    KeySchema: keySchema(keys),
    ...(schema.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: schema.stream } } : {}),
    ...(indexes.length > 0 && {
      GlobalSecondaryIndexes: indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: keySchema([index.partitionKey, index.sortKey]),
        Projection: { ProjectionType: index.keysOnly ? ('KEYS_ONLY' as const) : ('ALL' as const) },
      })),
    }),
  };
};

/** The named tables, as the CDK stack creates them (both from tableSchemas.ts); tables without a name are left out. */
const namedSchemas = (names: TableNames): { tableName: string; schema: TableSchema }[] =>
  (Object.keys(TABLE_SCHEMAS) as (keyof TableNames)[]).flatMap((table) => {
    const tableName = names[table];
    return tableName === undefined ? [] : [{ tableName, schema: TABLE_SCHEMAS[table] }];
  });

/** CreateTable inputs for tests and the local runtime (when pointed at DynamoDB Local). */
export const tableDefinitions = (names: TableNames): CreateTableCommandInput[] =>
  namedSchemas(names).map(({ tableName, schema }) => createTableInput(tableName, schema));

/** Creates the tables if they are missing and waits until they are active. */
export const ensureTables = async (client: DynamoDBClient, names: TableNames): Promise<void> => {
  for (const definition of tableDefinitions(names)) {
    try {
      await client.send(new CreateTableCommand(definition));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    for (let i = 0; i < 100; i++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: definition.TableName }));
      if (Table?.TableStatus === 'ACTIVE') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  for (const { tableName, schema } of namedSchemas(names)) {
    const ttl = schema.timeToLiveAttribute;
    if (ttl === undefined) continue;
    await client
      .send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: ttl, Enabled: true },
        }),
      )
      .catch(() => {
        // Already enabled (the call is not idempotent) or not supported by the emulator.
      });
  }
};
