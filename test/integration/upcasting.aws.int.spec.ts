/**
 * Events stored before schema versions, on DynamoDB (DynamoDB Local): a commit item written as the
 * code of then wrote it, under the local runtime on the DynamoDB adapters, fed by the table's
 * stream as Lambda's event source mapping would be. It serves the list in the newest shape
 * everywhere and never rewrites the stored item.
 */
import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCommandLedger } from '#adapters/dynamodb/dynamoCommandLedger';
import { DynamoEventStore } from '#adapters/dynamodb/dynamoEventStore';
import { DynamoReadModelStore } from '#adapters/dynamodb/dynamoReadModelStore';
import { DynamoSnapshotStore } from '#adapters/dynamodb/dynamoSnapshotStore';
import { EmbeddedEventBus } from '#adapters/embedded/embeddedEventBus';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { documentClientFor, dynamoClient, freshTables } from '../support/aws';
import { EMULATOR_AWS_ENV } from '../support/emulators';
import { expectLegacyListServedUpcast, LEGACY_STREAM, legacyEvents } from '../support/legacyTodoList';

const client = dynamoClient();
let tables: Awaited<ReturnType<typeof freshTables>>;
let runtime: LocalRuntime;
const savedEnv = { ...process.env };

/** The item's attributes as DynamoDB holds them, not through the adapter's unmarshalling. */
const storedItem = async (sk: number) =>
  (
    await client.send(
      new GetItemCommand({
        TableName: tables.events,
        Key: { pk: { S: LEGACY_STREAM }, sk: { N: String(sk) } },
        ConsistentRead: true,
      }),
    )
  ).Item;

beforeAll(async () => {
  tables = await freshTables(client);
  const documents = documentClientFor(client);
  // The commit item as DynamoEventStore wrote it before schema versions, written the same way.
  const item = {
    pk: LEGACY_STREAM,
    sk: 0,
    last: legacyEvents.length,
    events: legacyEvents.map(({ type, data }) => ({ type, data })),
    commandId: randomUUID(),
    fp: 'fp-legacy',
    committedAt: '2026-01-01T00:00:00.000Z',
  };
  await documents.send(new PutCommand({ TableName: tables.events, Item: item }));
  // The stream poller builds its clients from the environment, as Lambda's would be.
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? '';
  Object.assign(process.env, EMULATOR_AWS_ENV, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoint,
  });
  const eventStore = new DynamoEventStore(documents, tables);
  runtime = await startLocalRuntime({
    port: 0,
    adapters: {
      eventStore,
      catalog: eventStore,
      ledger: new DynamoCommandLedger(documents, tables.commands),
      snapshots: new DynamoSnapshotStore(documents, tables.snapshots),
      commandQueue: new EmbeddedFifoQueue({ name: 'commands' }),
    },
    projectionAdapters: {
      views: new DynamoReadModelStore(documents, tables.views),
      projectionQueue: new EmbeddedFifoQueue({ name: 'projections' }),
      bus: new EmbeddedEventBus(),
    },
    streamTable: tables.events,
    leaseTable: tables.leases,
    log: () => {},
  });
});
afterAll(async () => {
  await runtime?.close();
  process.env = savedEnv;
});

describe('a todo list stored before schema versions, on DynamoDB', () => {
  it('is served in the newest shape by the events endpoint, the views, a rebuild and the next command', async () => {
    await expectLegacyListServedUpcast(runtime.url, () => storedItem(0));
  });

  it('keeps its item attribute for attribute, and the commit after it says its schema versions', async () => {
    expect((await storedItem(0))?.events?.L?.map((event) => event.M?.schemaVersion)).toEqual([undefined, undefined]);
    expect((await storedItem(2))?.events?.L?.map((event) => event.M?.schemaVersion)).toEqual([{ N: '2' }]);
  });
});
