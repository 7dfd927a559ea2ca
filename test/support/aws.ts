import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables, type TableNames } from '../../shared/adapters/dynamodb/tables';
import { ensureFifoQueue, type FifoQueueOptions } from '../../shared/adapters/sqs/fifoQueues';
import { EMULATOR_AWS_ENV } from './emulators';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through \`npm test\` or the layer's npm script`);
  return value;
};

const credentials = {
  accessKeyId: EMULATOR_AWS_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: EMULATOR_AWS_ENV.AWS_SECRET_ACCESS_KEY,
};

export const dynamoClient = (): DynamoDBClient =>
  new DynamoDBClient({ endpoint: required('DYNAMODB_ENDPOINT'), region: EMULATOR_AWS_ENV.AWS_REGION, credentials });

export const documentClientFor = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

/** Tables with names unique to the caller, so test files never share state. */
export const freshTables = async (client: DynamoDBClient): Promise<Required<TableNames>> => {
  const suffix = randomUUID().slice(0, 8);
  const names = { events: `events-${suffix}`, commands: `commands-${suffix}`, views: `views-${suffix}` };
  await ensureTables(client, names);
  return names;
};

export const sqsClient = (): SQSClient =>
  new SQSClient({ endpoint: required('LOCALSTACK_ENDPOINT'), region: EMULATOR_AWS_ENV.AWS_REGION, credentials });

/** A FIFO queue with a FIFO dead-letter queue, as the CDK stack creates them, under a fresh name. */
export const freshFifoQueue = (client: SQSClient, options: FifoQueueOptions = {}) =>
  ensureFifoQueue(client, `cairn-${randomUUID().slice(0, 8)}`, options);
