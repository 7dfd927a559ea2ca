import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../adapters/dynamodb/documentClient';
import { DynamoCommandLedger } from '../adapters/dynamodb/dynamoCommandLedger';
import { DynamoConnectionRegistry } from '../adapters/dynamodb/dynamoConnectionRegistry';
import { DynamoEventStore } from '../adapters/dynamodb/dynamoEventStore';
import { DynamoReadModelStore } from '../adapters/dynamodb/dynamoReadModelStore';
import { DynamoSnapshotStore } from '../adapters/dynamodb/dynamoSnapshotStore';
import { EmbeddedEventBus } from '../adapters/embedded/embeddedEventBus';
import { EmbeddedEventStore } from '../adapters/embedded/embeddedEventStore';
import { EmbeddedFifoQueue } from '../adapters/embedded/embeddedFifoQueue';
import { EmbeddedReadModelStore } from '../adapters/embedded/embeddedReadModelStore';
import { EventBridgeBus } from '../adapters/eventbridge/eventBridgeBus';
import { SqsFifoQueue } from '../adapters/sqs/sqsFifoQueue';
import type { CommandLedger } from '../ports/commandLedger';
import type { ConnectionRegistry } from '../ports/connectionRegistry';
import type { EventBus } from '../ports/eventBus';
import type { EventStore, StreamCatalog } from '../ports/eventStore';
import type { MessageQueue, QueueConsumer } from '../ports/messageQueue';
import type { ReadModelStore } from '../ports/readModelStore';
import type { SnapshotStore } from '../ports/snapshotStore';
import { optionalEnv, requireEnv } from './env';
import { ENV } from './environment';

/** The ports that the command side needs, whichever adapters implement them. */
export interface CommandAdapters {
  eventStore: EventStore;
  /** Lists streams: what a projection rebuild walks. */
  catalog?: StreamCatalog;
  ledger: CommandLedger;
  snapshots: SnapshotStore;
  /** The FIFO command queue; the consumer half is what the local runtime and tools poll. */
  commandQueue: MessageQueue & QueueConsumer;
  close?: () => void;
}

/**
 * AWS adapters from the Lambda environment (`EVENTS_TABLE`, `COMMANDS_TABLE`, `SNAPSHOTS_TABLE`,
 * `COMMAND_QUEUE_URL`).
 */
export const awsAdaptersFromEnv = (env: NodeJS.ProcessEnv = process.env): CommandAdapters => {
  const documentClient = createDocumentClient();
  const eventStore = new DynamoEventStore(documentClient, { events: requireEnv(ENV.eventsTable, env) });
  return {
    eventStore,
    catalog: eventStore,
    ledger: new DynamoCommandLedger(documentClient, requireEnv(ENV.commandsTable, env)),
    snapshots: new DynamoSnapshotStore(documentClient, requireEnv(ENV.snapshotsTable, env)),
    commandQueue: new SqsFifoQueue(new SQSClient({}), requireEnv(ENV.commandQueueUrl, env)),
  };
};

/**
 * What follows commits on the stream (`EVENTS_TABLE` read, `COMMANDS_TABLE` and `SNAPSHOTS_TABLE`
 * written): the publisher records each command and writes snapshots, off the command's path.
 */
export const awsCommitFollowerAdaptersFromEnv = (env: NodeJS.ProcessEnv = process.env) => {
  const documentClient = createDocumentClient();
  return {
    eventStore: new DynamoEventStore(documentClient, { events: requireEnv(ENV.eventsTable, env) }),
    ledger: new DynamoCommandLedger(documentClient, requireEnv(ENV.commandsTable, env)),
    snapshots: new DynamoSnapshotStore(documentClient, requireEnv(ENV.snapshotsTable, env)),
  };
};

/** Embedded adapters: in one process, durable under `dataDir` (in memory without it). */
export const embeddedAdapters = (options: { dataDir?: string; fsync?: boolean } = {}) => {
  const store = new EmbeddedEventStore(options);
  const commandQueue = new EmbeddedFifoQueue({ name: 'commands', dataDir: options.dataDir });
  return {
    eventStore: store,
    catalog: store.catalog,
    ledger: store,
    snapshots: store.snapshotStore,
    commandQueue,
    store,
    close: () => {
      store.close();
      commandQueue.close();
    },
  } satisfies CommandAdapters & { store: EmbeddedEventStore; commandQueue: EmbeddedFifoQueue };
};

/** The ports that the event flow to read models needs. */
export interface ProjectionAdapters {
  views: ReadModelStore;
  /** The FIFO projection queue that the publisher fills and the projection worker drains. */
  projectionQueue: MessageQueue & QueueConsumer;
  bus: EventBus;
  /** Where the projection worker puts poison events, with their error. */
  deadLetters?: MessageQueue & QueueConsumer;
  close?: () => void;
}

/** Kept for the projection worker's entry and the local pipeline until they import it from limits.ts. */
export { PROJECTION_MAX_RECEIVES } from '../application/limits';

/** Connections and subscriptions (`CONNECTIONS_TABLE`): the WebSocket handlers and the pushing worker. */
export const awsConnectionRegistryFromEnv = (env: NodeJS.ProcessEnv = process.env): ConnectionRegistry =>
  new DynamoConnectionRegistry(createDocumentClient(), requireEnv(ENV.connectionsTable, env));

/** The views table alone: what the query function needs (`VIEWS_TABLE`). */
export const awsViewsFromEnv = (env: NodeJS.ProcessEnv = process.env): ReadModelStore =>
  new DynamoReadModelStore(createDocumentClient(), requireEnv(ENV.viewsTable, env));

/** The event store for reading (`EVENTS_TABLE`): the projection worker reads missing events to heal gaps. */
export const awsEventReaderFromEnv = (env: NodeJS.ProcessEnv = process.env): EventStore =>
  new DynamoEventStore(createDocumentClient(), { events: requireEnv(ENV.eventsTable, env) });

/** Where the publisher sends events (`PROJECTION_QUEUE_URL`, `EVENT_BUS_NAME`). */
export const awsProjectionDeadLettersFromEnv = (env: NodeJS.ProcessEnv = process.env) => {
  const url = optionalEnv(ENV.projectionDlqUrl, env);
  return url ? new SqsFifoQueue(new SQSClient({}), url) : undefined;
};

export const awsPublishTargetsFromEnv = (env: NodeJS.ProcessEnv = process.env) => ({
  projectionQueue: new SqsFifoQueue(new SQSClient({}), requireEnv(ENV.projectionQueueUrl, env)),
  bus: new EventBridgeBus(new EventBridgeClient({}), requireEnv(ENV.eventBusName, env)),
});

/** Everything the event flow needs, for the local runtime pointed at (emulated) AWS. */
export const awsProjectionAdaptersFromEnv = (env: NodeJS.ProcessEnv = process.env): ProjectionAdapters => ({
  views: awsViewsFromEnv(env),
  ...awsPublishTargetsFromEnv(env),
  deadLetters: awsProjectionDeadLettersFromEnv(env),
});

/** Embedded projection adapters, durable under `dataDir` (in memory without it). */
export const embeddedProjectionAdapters = (options: { dataDir?: string; fsync?: boolean } = {}) => {
  const views = new EmbeddedReadModelStore(options);
  const projectionQueue = new EmbeddedFifoQueue({ name: 'projections', dataDir: options.dataDir });
  const deadLetters = new EmbeddedFifoQueue({ name: 'projections-dlq', dataDir: options.dataDir });
  const bus = new EmbeddedEventBus();
  return {
    views,
    projectionQueue,
    deadLetters,
    bus,
    close: () => {
      views.close();
      projectionQueue.close();
      deadLetters.close();
    },
  } satisfies ProjectionAdapters & { bus: EmbeddedEventBus; deadLetters: EmbeddedFifoQueue };
};
