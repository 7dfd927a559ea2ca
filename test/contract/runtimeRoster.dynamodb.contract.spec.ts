import { beforeAll } from 'vitest';
import { DynamoConnectionRegistry } from '#adapters/dynamodb/dynamoConnectionRegistry';
import { DynamoRuntimeRoster } from '#adapters/dynamodb/dynamoRuntimeRoster';
import { documentClientFor, dynamoClient, freshTables } from '../support/aws';
import { runtimeRosterContract } from './runtimeRoster.contract';

let roster: DynamoRuntimeRoster;
let registry: DynamoConnectionRegistry;

beforeAll(async () => {
  const client = dynamoClient();
  const tables = await freshTables(client);
  roster = new DynamoRuntimeRoster(documentClientFor(client), tables.connections);
  registry = new DynamoConnectionRegistry(documentClientFor(client), tables.connections);
});

runtimeRosterContract(
  'DynamoDB (DynamoDB Local)',
  () => roster,
  () => registry,
);
