/**
 * `CAIRN_STORE=aws npm start`: the local runtime on the AWS adapters. Pointed at emulators (an
 * `AWS_ENDPOINT_URL` or `AWS_ENDPOINT_URL_DYNAMODB` is set), it creates what the CDK stack would
 * have created: the tables, the FIFO queues with their dead-letter queues, and the event bus. Pointed at real
 * AWS it creates nothing: the deployed stack's names must be given.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ensureTables } from '../shared/adapters/dynamodb/tables';
import { ensureFifoQueue } from '../shared/adapters/sqs/fifoQueues';

const DEFAULTS = {
  EVENTS_TABLE: 'cairn-events',
  COMMANDS_TABLE: 'cairn-commands',
  SNAPSHOTS_TABLE: 'cairn-snapshots',
  VIEWS_TABLE: 'cairn-views',
  CONNECTIONS_TABLE: 'cairn-connections',
  EVENT_BUS_NAME: 'cairn-events',
} as const;

export const usesEmulators = (env: NodeJS.ProcessEnv): boolean =>
  Boolean(env.AWS_ENDPOINT_URL || env.AWS_ENDPOINT_URL_DYNAMODB);

/** Returns the environment for `awsAdaptersFromEnv`, with emulator resources created if needed. */
export const prepareAwsEnv = async (env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> => {
  if (!usesEmulators(env)) return env;
  const prepared: NodeJS.ProcessEnv = { ...DEFAULTS, ...env };
  // DynamoDB Local serves the streams API on its own endpoint; the SDK's streams client reads this.
  const dynamoEndpoint = env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
  if (dynamoEndpoint) process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS ??= dynamoEndpoint;
  const events = prepared.EVENTS_TABLE ?? DEFAULTS.EVENTS_TABLE;
  const commands = prepared.COMMANDS_TABLE ?? DEFAULTS.COMMANDS_TABLE;
  const snapshots = prepared.SNAPSHOTS_TABLE ?? DEFAULTS.SNAPSHOTS_TABLE;
  const views = prepared.VIEWS_TABLE ?? DEFAULTS.VIEWS_TABLE;
  const connections = prepared.CONNECTIONS_TABLE ?? DEFAULTS.CONNECTIONS_TABLE;
  const dynamo = new DynamoDBClient({});
  await ensureTables(dynamo, { events, commands, snapshots, views, connections });
  dynamo.destroy();
  const sqs = new SQSClient({});
  prepared.COMMAND_QUEUE_URL ??= (await ensureFifoQueue(sqs, 'cairn-commands')).queueUrl;
  if (!prepared.PROJECTION_QUEUE_URL) {
    const projections = await ensureFifoQueue(sqs, 'cairn-projections');
    prepared.PROJECTION_QUEUE_URL = projections.queueUrl;
    prepared.PROJECTION_DLQ_URL ??= projections.dlqUrl;
  }
  sqs.destroy();
  const bus = prepared.EVENT_BUS_NAME ?? DEFAULTS.EVENT_BUS_NAME;
  const eventBridge = new EventBridgeClient({});
  await eventBridge.send(new CreateEventBusCommand({ Name: bus })).catch((error: unknown) => {
    if ((error as Error).name !== 'ResourceAlreadyExistsException') throw error;
  });
  eventBridge.destroy();
  return prepared;
};
