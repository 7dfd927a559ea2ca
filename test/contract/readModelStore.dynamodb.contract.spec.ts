import { beforeAll } from 'vitest';
import { DynamoReadModelStore } from '#adapters/dynamodb/dynamoReadModelStore';
import { documentClientFor, dynamoClient, freshTables } from '../support/aws';
import { readModelStoreContract } from './readModelStore.contract';
import { readModelStoreChangesContract } from './readModelStoreChanges.contract';

let store: DynamoReadModelStore;

beforeAll(async () => {
  const client = dynamoClient();
  const tables = await freshTables(client);
  store = new DynamoReadModelStore(documentClientFor(client), tables.views);
});

readModelStoreContract('DynamoDB (DynamoDB Local)', () => store);
readModelStoreChangesContract('DynamoDB (DynamoDB Local)', () => store);
