import { beforeAll } from 'vitest';
import { DynamoConnectionRegistry } from '#adapters/dynamodb/dynamoConnectionRegistry';
import { documentClientFor, dynamoClient, freshTables } from '../support/aws';
import { connectionRegistryContract } from './connectionRegistry.contract';

let registry: DynamoConnectionRegistry;

beforeAll(async () => {
  const client = dynamoClient();
  const tables = await freshTables(client);
  registry = new DynamoConnectionRegistry(documentClientFor(client), tables.connections);
});

connectionRegistryContract('DynamoDB (DynamoDB Local)', () => registry);
