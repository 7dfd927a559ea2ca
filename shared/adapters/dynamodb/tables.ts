import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

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
}

/**
 * Key schemas of Cairn's tables, as the CDK stack creates them; tests and the local runtime (when
 * pointed at DynamoDB Local) create them from here.
 *
 * events:   pk = stream key (S), sk = the commit's base version (N); one item per commit.
 *           The commit carries its command's id and fingerprint; the stream carries commits only.
 * commands: pk = `context#commandId` (S); the command's record (idempotency + status), with TTL.
 * snapshots: pk = stream key (S); the newest snapshot of an aggregate and its recent commands.
 * views:    pk = `context#projection` (S), sk = view key (S); one item per view.
 * connections: pk = `conn#<id>` or `view#…` (S), sk (S): a connection, and each subscription twice
 *           (in the connection's and in the view's partition); TTL on `expiresAt`.
 * contexts: pk = context name (S); one item per context: its state, when created and retired.
 */
export const tableDefinitions = (names: TableNames): CreateTableCommandInput[] => [
  {
    TableName: names.events,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  },
  singleKeyedTable(names.commands),
  ...[names.snapshots, names.contexts].filter((name) => name !== undefined).map(singleKeyedTable),
  ...[names.views, names.connections].filter((name) => name !== undefined).map(stringKeyedTable),
];

/** pk (S) alone, on demand: the commands, snapshots and contexts tables. */
const singleKeyedTable = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
});

/** pk (S) + sk (S), on demand: the views and connections tables. */
const stringKeyedTable = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
});

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
  for (const tableName of [names.commands, names.connections]) {
    if (!tableName) continue;
    await client
      .send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        }),
      )
      .catch(() => {
        // Already enabled (the call is not idempotent) or not supported by the emulator.
      });
  }
};
