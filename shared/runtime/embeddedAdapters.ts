/**
 * The embedded adapters (one process, durable under a data directory) and the two groups of ports
 * the local runtime is handed: the command side's and the event flow's.
 */
import { EmbeddedDeadlineScheduler } from '#adapters/embedded/embeddedDeadlineScheduler';
import { EmbeddedEventBus } from '#adapters/embedded/embeddedEventBus';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import type { CommandLedger } from '#ports/commandLedger';
import type { DeadlineScheduler } from '#ports/deadlineScheduler';
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
  /** Process managers': their queue, stored state, deadline scheduler and dead letters. */
  processQueue?: MessageQueue & QueueConsumer;
  processes?: ReadModelStore;
  deadlines?: DeadlineScheduler & { start?: () => void; stop?: () => Promise<void> };
  processDeadLetters?: MessageQueue & QueueConsumer;
  close?: () => void;
}

/** The projection worker dead-letters an event on this receive; the queue's redrive policy is later (5). */

/** Embedded projection adapters, durable under `dataDir` (in memory without it). */
export const embeddedProjectionAdapters = (options: { dataDir?: string; fsync?: boolean } = {}) => {
  const views = new EmbeddedReadModelStore(options);
  const projectionQueue = new EmbeddedFifoQueue({ name: 'projections', dataDir: options.dataDir });
  const deadLetters = new EmbeddedFifoQueue({ name: 'projections-dlq', dataDir: options.dataDir });
  const bus = new EmbeddedEventBus();
  const processQueue = new EmbeddedFifoQueue({ name: 'processes', dataDir: options.dataDir });
  const processDeadLetters = new EmbeddedFifoQueue({ name: 'processes-dlq', dataDir: options.dataDir });
  const processes = new EmbeddedReadModelStore({ ...options, fileName: 'processes.jsonl' });
  const deadlines = new EmbeddedDeadlineScheduler(processQueue, options);
  return {
    views,
    projectionQueue,
    deadLetters,
    bus,
    processQueue,
    processes,
    deadlines,
    processDeadLetters,
    close: () => {
      views.close();
      projectionQueue.close();
      deadLetters.close();
      processQueue.close();
      processDeadLetters.close();
      processes.close();
      deadlines.close();
    },
  } satisfies ProjectionAdapters & {
    bus: EmbeddedEventBus;
    deadLetters: EmbeddedFifoQueue;
    deadlines: EmbeddedDeadlineScheduler;
  };
};
