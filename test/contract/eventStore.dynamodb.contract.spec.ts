import { beforeAll } from 'vitest';
import { DynamoCommandLedger } from '#adapters/dynamodb/dynamoCommandLedger';
import { DynamoEventStore } from '#adapters/dynamodb/dynamoEventStore';
import { DynamoSnapshotStore } from '#adapters/dynamodb/dynamoSnapshotStore';
import { documentClientFor, dynamoClient, freshTables } from '../support/aws';
import { type EventStoreFixture, eventStoreContract } from './eventStore.contract';

let fixture: EventStoreFixture;

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
});

eventStoreContract('DynamoDB (DynamoDB Local)', () => fixture);
