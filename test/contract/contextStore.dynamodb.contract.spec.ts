import { beforeAll } from 'vitest';
import { DynamoContextStore } from '#adapters/dynamodb/dynamoContextStore';
import { documentClientFor, dynamoClient, freshTables } from '../support/aws';
import { contextStoreContract } from './contextStore.contract';

let store: DynamoContextStore;

beforeAll(async () => {
  const client = dynamoClient();
  const tables = await freshTables(client);
  store = new DynamoContextStore(documentClientFor(client), tables.contexts);
});

contextStoreContract('DynamoDB (DynamoDB Local)', () => store);
