/**
 * The embedded adapters (one process, durable under a data directory) and the two groups of ports
 * the local runtime is handed: the command side's and the event flow's.
 */
import { EmbeddedEventBus } from '#adapters/embedded/embeddedEventBus';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import type { CommandLedger } from '#ports/commandLedger';
import type { EventBus } from '#ports/eventBus';
import type { EventStore, StreamCatalog } from '#ports/eventStore';
import type { MessageQueue, QueueConsumer } from '#ports/messageQueue';
import type { ReadModelStore } from '#ports/readModelStore';
import type { SnapshotStore } from '#ports/snapshotStore';

/** The ports that the command side needs, whichever adapters implement them. */
export interface CommandAdapters {
  eventStore: EventStore;
  /** Lists streams: what a projection rebuild walks. */
  catalog?: StreamCatalog;
  ledger: CommandLedger;
  snapshots: SnapshotStore;
  /** The FIFO command queue; the consumer half is what the local runtime and tools poll. */
  commandQueue: MessageQueue & QueueConsumer;
  /** The embedded store's feed of its commits, for the local runtime's event flow. */
  changeFeed?: { kind: 'embedded'; store: EmbeddedEventStore };
  close?: () => void;
}

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
    // The store's own log of commits feeds the event flow (the DynamoDB stream's stand-in).
    changeFeed: { kind: 'embedded' as const, store },
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

/** The projection worker dead-letters an event on this receive; the queue's redrive policy is later (5). */

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
