/**
 * `CAIRN_STORE=aws npm start`: the local runtime on the AWS adapters. Pointed at emulators (an
 * `AWS_ENDPOINT_URL` or `AWS_ENDPOINT_URL_DYNAMODB` is set), it creates what the CDK stack would
 * have created: the tables, the FIFO queues with their dead-letter queues, and the event bus. Pointed at real
 * AWS it creates nothing: the deployed stack's names must be given.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ensureTables } from '#adapters/dynamodb/tables';
import { ensureFifoQueue } from '#adapters/sqs/fifoQueues';
import { ENV } from '#runtime/environment';

/** The names the emulators' resources get when the environment gives none. */
const DEFAULTS: Record<string, string> = {
  [ENV.eventsTable]: 'cairn-events',
  [ENV.commandsTable]: 'cairn-commands',
  [ENV.snapshotsTable]: 'cairn-snapshots',
  [ENV.viewsTable]: 'cairn-views',
  [ENV.connectionsTable]: 'cairn-connections',
  [ENV.contextsTable]: 'cairn-contexts',
  [ENV.processesTable]: 'cairn-processes',
  [ENV.leasesTable]: 'cairn-leases',
  [ENV.eventBusName]: 'cairn-events',
};

export const usesEmulators = (env: NodeJS.ProcessEnv): boolean =>
  Boolean(env.AWS_ENDPOINT_URL || env.AWS_ENDPOINT_URL_DYNAMODB);

/** Returns the environment for `awsAdaptersFromEnv`, with emulator resources created if needed. */
export const prepareAwsEnv = async (env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> => {
  if (!usesEmulators(env)) return env;
  const prepared: NodeJS.ProcessEnv = { ...DEFAULTS, ...env };
  // DynamoDB Local serves the streams API on its own endpoint; the SDK's streams client reads this.
  const dynamoEndpoint = env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
  if (dynamoEndpoint) process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS ??= dynamoEndpoint;
  const name = (variable: string) => prepared[variable] ?? DEFAULTS[variable] ?? '';
  const dynamo = new DynamoDBClient({});
  await ensureTables(dynamo, {
    events: name(ENV.eventsTable),
    commands: name(ENV.commandsTable),
    snapshots: name(ENV.snapshotsTable),
    views: name(ENV.viewsTable),
    connections: name(ENV.connectionsTable),
    contexts: name(ENV.contextsTable),
    processes: name(ENV.processesTable),
    leases: name(ENV.leasesTable),
  });
  dynamo.destroy();
  const sqs = new SQSClient({});
  prepared[ENV.commandQueueUrl] ??= (await ensureFifoQueue(sqs, 'cairn-commands')).queueUrl;
  if (!prepared[ENV.projectionQueueUrl]) {
    const projections = await ensureFifoQueue(sqs, 'cairn-projections');
    prepared[ENV.projectionQueueUrl] = projections.queueUrl;
    prepared[ENV.projectionDlqUrl] ??= projections.dlqUrl;
  }
  if (!prepared[ENV.processQueueUrl]) {
    const processes = await ensureFifoQueue(sqs, 'cairn-processes', { contentBasedDeduplication: true });
    prepared[ENV.processQueueUrl] = processes.queueUrl;
    prepared[ENV.processQueueArn] ??= processes.queueArn;
    prepared[ENV.processDlqUrl] ??= processes.dlqUrl;
  }
  sqs.destroy();
  const bus = name(ENV.eventBusName);
  const eventBridge = new EventBridgeClient({});
  await eventBridge.send(new CreateEventBusCommand({ Name: bus })).catch((error: unknown) => {
    if ((error as Error).name !== 'ResourceAlreadyExistsException') throw error;
  });
  eventBridge.destroy();
  return prepared;
};
