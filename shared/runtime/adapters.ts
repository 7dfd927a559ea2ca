import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../adapters/dynamodb/documentClient';
import { DynamoCommandLedger } from '../adapters/dynamodb/dynamoCommandLedger';
import { DynamoEventStore } from '../adapters/dynamodb/dynamoEventStore';
import { DynamoSnapshotStore } from '../adapters/dynamodb/dynamoSnapshotStore';
import { EmbeddedEventStore } from '../adapters/embedded/embeddedEventStore';
import { EmbeddedFifoQueue } from '../adapters/embedded/embeddedFifoQueue';
import { SqsFifoQueue } from '../adapters/sqs/sqsFifoQueue';
import type { CommandLedger } from '../ports/commandLedger';
import type { EventStore } from '../ports/eventStore';
import type { MessageQueue, QueueConsumer } from '../ports/messageQueue';
import type { SnapshotStore } from '../ports/snapshotStore';
import { requireEnv } from './env';

/** The ports that the command side needs, whichever adapters implement them. */
export interface CommandAdapters {
  eventStore: EventStore;
  ledger: CommandLedger;
  snapshots: SnapshotStore;
  /** The FIFO command queue; the consumer half is what the local runtime and tools poll. */
  commandQueue: MessageQueue & QueueConsumer;
  close?: () => void;
}

/** AWS adapters from the Lambda environment (`EVENTS_TABLE`, `COMMANDS_TABLE`, `COMMAND_QUEUE_URL`). */
export const awsAdaptersFromEnv = (env: NodeJS.ProcessEnv = process.env): CommandAdapters => {
  const tables = { events: requireEnv('EVENTS_TABLE', env), commands: requireEnv('COMMANDS_TABLE', env) };
  const documentClient = createDocumentClient();
  return {
    eventStore: new DynamoEventStore(documentClient, tables),
    ledger: new DynamoCommandLedger(documentClient, tables.commands),
    snapshots: new DynamoSnapshotStore(documentClient, tables.events),
    commandQueue: new SqsFifoQueue(new SQSClient({}), requireEnv('COMMAND_QUEUE_URL', env)),
  };
};

/** Embedded adapters: in one process, durable under `dataDir` (in memory without it). */
export const embeddedAdapters = (options: { dataDir?: string; fsync?: boolean } = {}) => {
  const store = new EmbeddedEventStore(options);
  const commandQueue = new EmbeddedFifoQueue({ name: 'commands', dataDir: options.dataDir });
  return {
    eventStore: store,
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
