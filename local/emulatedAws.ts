/**
 * `CAIRN_STORE=aws npm start`: the local runtime on the AWS adapters. Pointed at emulators (an
 * `AWS_ENDPOINT_URL` or `AWS_ENDPOINT_URL_DYNAMODB` is set), it creates what the CDK stack would
 * have created: the tables and the FIFO command queue with its dead-letter queue. Pointed at real
 * AWS it creates nothing: the deployed stack's names must be given.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ensureTables } from '../shared/adapters/dynamodb/tables';
import { ensureFifoQueue } from '../shared/adapters/sqs/fifoQueues';

const DEFAULTS = { EVENTS_TABLE: 'cairn-events', COMMANDS_TABLE: 'cairn-commands' } as const;

export const usesEmulators = (env: NodeJS.ProcessEnv): boolean =>
  Boolean(env.AWS_ENDPOINT_URL || env.AWS_ENDPOINT_URL_DYNAMODB);

/** Returns the environment for `awsAdaptersFromEnv`, with emulator resources created if needed. */
export const prepareAwsEnv = async (env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> => {
  if (!usesEmulators(env)) return env;
  const prepared: NodeJS.ProcessEnv = { ...DEFAULTS, ...env };
  const events = prepared.EVENTS_TABLE ?? DEFAULTS.EVENTS_TABLE;
  const commands = prepared.COMMANDS_TABLE ?? DEFAULTS.COMMANDS_TABLE;
  const dynamo = new DynamoDBClient({});
  await ensureTables(dynamo, { events, commands });
  dynamo.destroy();
  if (!prepared.COMMAND_QUEUE_URL) {
    const sqs = new SQSClient({});
    prepared.COMMAND_QUEUE_URL = (await ensureFifoQueue(sqs, 'cairn-commands')).queueUrl;
    sqs.destroy();
  }
  return prepared;
};
