import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables, type TableNames } from '#adapters/dynamodb/tables';
import { ensureFifoQueue, type FifoQueueOptions } from '#adapters/sqs/fifoQueues';
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
  const names = {
    events: `events-${suffix}`,
    commands: `commands-${suffix}`,
    snapshots: `snapshots-${suffix}`,
    views: `views-${suffix}`,
    connections: `connections-${suffix}`,
    contexts: `contexts-${suffix}`,
    processes: `processes-${suffix}`,
    leases: `leases-${suffix}`,
  };
  await ensureTables(client, names);
  return names;
};

export const sqsClient = (): SQSClient =>
  new SQSClient({ endpoint: required('LOCALSTACK_ENDPOINT'), region: EMULATOR_AWS_ENV.AWS_REGION, credentials });

/** A FIFO queue with a FIFO dead-letter queue, as the CDK stack creates them, under a fresh name. */
export const freshFifoQueue = (client: SQSClient, options: FifoQueueOptions = {}) =>
  ensureFifoQueue(client, `cairn-${randomUUID().slice(0, 8)}`, options);

export const eventBridgeClient = (): EventBridgeClient =>
  new EventBridgeClient({
    endpoint: required('LOCALSTACK_ENDPOINT'),
    region: EMULATOR_AWS_ENV.AWS_REGION,
    credentials,
  });

export const schedulerClient = (): SchedulerClient =>
  new SchedulerClient({ endpoint: required('LOCALSTACK_ENDPOINT'), region: EMULATOR_AWS_ENV.AWS_REGION, credentials });

/** A rule on `busName` matching `pattern`, delivering to a fresh standard queue; returns the queue URL. */
export const subscribeQueueToBus = async (busName: string, pattern: Record<string, unknown>): Promise<string> => {
  const sqs = sqsClient();
  const name = `bus-target-${randomUUID().slice(0, 8)}`;
  const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  const events = eventBridgeClient();
  await events.send(new PutRuleCommand({ Name: name, EventBusName: busName, EventPattern: JSON.stringify(pattern) }));
  await events.send(
    new PutTargetsCommand({ Rule: name, EventBusName: busName, Targets: [{ Id: 'queue', Arn: Attributes?.QueueArn }] }),
  );
  return QueueUrl;
};

/** Receives (and deletes) messages until `count` arrived or 20 s passed; bodies parsed as JSON. */
// biome-ignore lint/suspicious/noExplicitAny: EventBridge envelopes, checked by the test's assertions.
export const receiveAll = async (queueUrl: string, count: number): Promise<any[]> => {
  const sqs = sqsClient();
  const bodies: unknown[] = [];
  const deadline = Date.now() + 20_000;
  while (bodies.length < count && Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    for (const message of Messages) {
      bodies.push(JSON.parse(message.Body ?? '{}'));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
  return bodies;
};
