/**
 * The system under fault: the local runtime (`startLocalRuntime`, as `CAIRN_STORE=aws npm start`
 * runs it: REST handlers, the FIFO command worker, the DynamoDB stream → publisher → projection
 * queue → worker → views flow, live push through the management API to its WebSocket gateway)
 * on the AWS adapters, built as shared/runtime/adapters.ts builds them but on SDK clients with
 * faults installed, with delivery faults around both FIFO queues, and one connected subscriber
 * per context. Beside it, clients that inject nothing, for the test's own reads.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCommandLedger } from '#adapters/dynamodb/dynamoCommandLedger';
import { DynamoConnectionRegistry } from '#adapters/dynamodb/dynamoConnectionRegistry';
import { DynamoEventStore } from '#adapters/dynamodb/dynamoEventStore';
import { DynamoReadModelStore } from '#adapters/dynamodb/dynamoReadModelStore';
import { DynamoSnapshotStore } from '#adapters/dynamodb/dynamoSnapshotStore';
import { EventBridgeBus } from '#adapters/eventbridge/eventBridgeBus';
import { SqsFifoQueue } from '#adapters/sqs/sqsFifoQueue';
import type { CommandService } from '#application/commandService';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { documentClientFor, dynamoClient, freshFifoQueue, freshTables, sqsClient, subscribeQueueToBus } from './aws';
import { EMULATOR_AWS_ENV } from './emulators';
import { fastRetryStrategy, type SdkFaultRates, SdkFaults } from './faultInjection';
import { type DeliveryFaultRates, FaultyDelivery } from './faultyDelivery';
import { commandServiceOver } from './sampleCommandService';
import { seededRandom } from './seededRandom';
import { connectSocket, type SocketClient } from './socketClient';

export interface FaultRigOptions {
  seed: number;
  contexts: readonly string[];
  /** Subscribed to by each context's subscriber (`todoList/<key>`), with the `todoLists` collection. */
  listKeys: readonly string[];
  sdkRates: SdkFaultRates;
  commandDelivery: DeliveryFaultRates;
  projectionDelivery: DeliveryFaultRates;
}

export interface FaultRig {
  runtime: LocalRuntime;
  /** The command service on the faulty adapters: what the REST and WebSocket handlers call. */
  service: CommandService;
  sdkFaults: SdkFaults;
  queues: { commands: FaultyDelivery; projections: FaultyDelivery };
  /** Per context, its subscriber's socket (every frame it received is kept). */
  subscribers: Map<string, SocketClient>;
  /** What the runtime logged, by error name and message. */
  runtimeErrors: Map<string, number>;
  tables: Awaited<ReturnType<typeof freshTables>>;
  clean: { dynamo: DynamoDBDocumentClient; sqs: SQSClient };
  faults: (on: boolean) => void;
  /** Up to ten letters of each dead-letter queue, described (they are left in place). */
  deadLetters: () => Promise<string[]>;
  /**
   * Receives the bus's events (through a rule and a queue) until each of `ids` was seen, or none
   * arrived for `quietMs`; returns how often each id arrived.
   */
  receiveBusEvents: (ids: ReadonlySet<string>, quietMs: number) => Promise<Map<string, number>>;
  close: () => Promise<void>;
}

const credentials = { accessKeyId: EMULATOR_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: 'test' };
const region = EMULATOR_AWS_ENV.AWS_REGION;

export const startFaultRig = async (options: FaultRigOptions): Promise<FaultRig> => {
  const dynamoEndpoint = process.env.DYNAMODB_ENDPOINT ?? '';
  const localstack = process.env.LOCALSTACK_ENDPOINT ?? '';
  const cleanDynamo = dynamoClient();
  const clean = { dynamo: documentClientFor(cleanDynamo), sqs: sqsClient() };
  const tables = await freshTables(cleanDynamo);

  const sdkFaults = new SdkFaults(seededRandom(options.seed + 1), options.sdkRates);
  const config = { region, credentials, retryStrategy: fastRetryStrategy() };
  const dynamo = new DynamoDBClient({ ...config, endpoint: dynamoEndpoint });
  const sqs = new SQSClient({ ...config, endpoint: localstack });
  const eventBridge = new EventBridgeClient({ ...config, endpoint: localstack });
  sdkFaults.install(dynamo, 'dynamodb');
  sdkFaults.install(sqs, 'sqs');
  sdkFaults.install(eventBridge, 'eventbridge');

  const busName = `faults-${options.seed}-${Date.now()}`;
  await new EventBridgeClient({ region, credentials, endpoint: localstack }).send(
    new CreateEventBusCommand({ Name: busName }),
  );
  const busQueueUrl = await subscribeQueueToBus(busName, {
    source: options.contexts.map((context) => `cairn.${context}`),
  });
  // A visibility timeout of 10 s: what a consumer leaves unacknowledged (an ack that failed past
  // the SDK's retries) comes back within the run.
  const [commandQueue, projectionQueue] = await Promise.all([
    freshFifoQueue(clean.sqs, { visibilityTimeoutSeconds: 10 }),
    freshFifoQueue(clean.sqs, { visibilityTimeoutSeconds: 10 }),
  ]);
  const deliveryRandom = seededRandom(options.seed + 2);
  const delivered = (url: string, rates: DeliveryFaultRates) =>
    new FaultyDelivery(new SqsFifoQueue(sqs, url), new SqsFifoQueue(clean.sqs, url), deliveryRandom, rates);
  const queues = {
    commands: delivered(commandQueue.queueUrl, options.commandDelivery),
    projections: delivered(projectionQueue.queueUrl, options.projectionDelivery),
  };

  const documents = documentClientFor(dynamo);
  const eventStore = new DynamoEventStore(documents, tables);
  const adapters = {
    eventStore,
    catalog: eventStore,
    ledger: new DynamoCommandLedger(documents, tables.commands),
    snapshots: new DynamoSnapshotStore(documents, tables.snapshots),
    commandQueue: queues.commands,
  };
  // The stream poller builds its clients from the environment, as Lambda's would be.
  const savedEnv = { ...process.env };
  Object.assign(process.env, EMULATOR_AWS_ENV, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamoEndpoint,
  });
  const runtimeErrors = new Map<string, number>();
  const runtime = await startLocalRuntime({
    port: 0,
    adapters,
    projectionAdapters: {
      views: new DynamoReadModelStore(documents, tables.views),
      projectionQueue: queues.projections,
      bus: new EventBridgeBus(eventBridge, busName),
      deadLetters: new SqsFifoQueue(sqs, projectionQueue.dlqUrl),
    },
    streamTable: tables.events,
    leaseTable: tables.leases,
    registry: new DynamoConnectionRegistry(documents, tables.connections),
    contexts: new Set(options.contexts),
    log: (error) => {
      const key = `${(error as Error)?.name}: ${String((error as Error)?.message).slice(0, 100)}`;
      runtimeErrors.set(key, (runtimeErrors.get(key) ?? 0) + 1);
    },
  });

  // Subscribed before the first command: the connections table is written before the events
  // table, which DynamoDB Local's shared stream sequence numbers once made the stream poller choke on.
  const subscribers = new Map<string, SocketClient>();
  for (const context of options.contexts) {
    const socket = await connectSocket(`${runtime.wsUrl}?context=${context}`);
    subscribers.set(context, socket);
    for (const key of options.listKeys) socket.send({ action: 'subscribe', projection: 'todoList', key });
    // The summaries as a live collection: every member change is pushed, new lists included.
    socket.send({ action: 'subscribe', projection: 'todoLists' });
    for (let i = 0; i <= options.listKeys.length; i++) {
      await socket.next((frame) => frame.type === 'subscribed', 10_000);
    }
  }

  const faults = (on: boolean) => {
    sdkFaults.enabled = on;
    queues.commands.enabled = on;
    queues.projections.enabled = on;
  };

  /** What reached the dead-letter queues: the worker's reason, or the group SQS's redrive moved. */
  const deadLetters = async () => {
    const letters: string[] = [];
    for (const [queue, QueueUrl] of [
      ['commands', commandQueue.dlqUrl],
      ['projections', projectionQueue.dlqUrl],
    ] as const) {
      const { Messages = [] } = await clean.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 0,
          MessageSystemAttributeNames: ['MessageGroupId'],
        }),
      );
      for (const message of Messages) {
        const body = JSON.parse(message.Body ?? '{}') as { reason?: unknown };
        const what = body.reason ? JSON.stringify(body.reason) : 'moved by the redrive policy';
        letters.push(`${queue}: ${message.Attributes?.MessageGroupId}: ${what}`.slice(0, 300));
      }
    }
    return letters;
  };

  const receiveBusEvents = async (ids: ReadonlySet<string>, quietMs: number) => {
    const seen = new Map<string, number>();
    let lastArrival = Date.now();
    while ([...ids].some((id) => !seen.has(id)) && Date.now() - lastArrival < quietMs) {
      const { Messages = [] } = await clean.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: busQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      if (Messages.length === 0) continue;
      lastArrival = Date.now();
      for (const message of Messages) {
        const id = String(JSON.parse(message.Body ?? '{}').detail?.id);
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      const Entries = Messages.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle }));
      await clean.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: busQueueUrl, Entries }));
    }
    return seen;
  };

  const close = async () => {
    faults(false);
    await Promise.all([...subscribers.values()].map((socket) => socket.close()));
    await runtime.close();
    for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_DYNAMODB_STREAMS'] as const) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
    for (const client of [dynamo, sqs, eventBridge, cleanDynamo, clean.sqs]) client.destroy();
  };

  return {
    runtime,
    service: commandServiceOver(adapters),
    sdkFaults,
    queues,
    subscribers,
    runtimeErrors,
    tables,
    clean,
    faults,
    deadLetters,
    receiveBusEvents,
    close,
  };
};
