import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll } from 'vitest';
import { DynamoCommandLedger } from '#adapters/dynamodb/dynamoCommandLedger';
import { DynamoEventStore } from '#adapters/dynamodb/dynamoEventStore';
import { DynamoSnapshotStore } from '#adapters/dynamodb/dynamoSnapshotStore';
import { documentClientFor, dynamoClient, freshTables } from '../support/aws';
import { type EventStoreFixture, eventStoreContract } from './eventStore.contract';
import { eventStoreSchemaVersionContract, type LegacyCommits } from './eventStoreSchemaVersions.contract';

let fixture: EventStoreFixture;
let legacy: LegacyCommits;

beforeAll(async () => {
  const client = dynamoClient();
  const tables = await freshTables(client);
  const documents = documentClientFor(client);
  const eventStore = new DynamoEventStore(documents, tables);
  fixture = {
    eventStore,
    catalog: eventStore,
    ledger: new DynamoCommandLedger(documents, tables.commands),
    snapshots: new DynamoSnapshotStore(documents, tables.snapshots),
  };
  legacy = {
    // The item the store wrote before schema versions, written the way it wrote it.
    async write(streamKey, events) {
      const item = {
        pk: streamKey,
        sk: 0,
        last: events.length,
        events: events.map(({ type, data }) => ({ type, data })),
        commandId: randomUUID(),
        fp: 'fp',
        committedAt: '2026-01-01T00:00:00.000Z',
      };
      await documents.send(new PutCommand({ TableName: tables.events, Item: item }));
      return eventStore;
    },
    // The item's attributes as DynamoDB holds them, not through the adapter's unmarshalling.
    async stored(streamKey) {
      const key = { pk: { S: streamKey }, sk: { N: '0' } };
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tables.events, Key: key, ConsistentRead: true }),
      );
      return Item;
    },
  };
});

eventStoreContract('DynamoDB (DynamoDB Local)', () => fixture);
eventStoreSchemaVersionContract('DynamoDB (DynamoDB Local)', () => ({ eventStore: fixture.eventStore, legacy }));
