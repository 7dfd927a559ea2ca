import type { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import type { Domain } from '#core/domain';
import type { QueueConsumer } from '#ports/messageQueue';
import type { Cairn } from '#runtime/composeCairn';
import { ChangeFeedRelay } from './changeFeedRelay';
import { DynamoStreamPoller, runtimeOwnerId } from './dynamoStreamPoller';
import { QueuePoller } from './queuePoller';

/**
 * Where the store's commits come from: the embedded store's own log, or a DynamoDB table's stream,
 * read under leases kept in `leaseTable` (one reader per shard however many runtimes share it).
 */
export type ChangeFeed =
  | { kind: 'embedded'; store: EmbeddedEventStore }
  | { kind: 'dynamodbStream'; table: string; leaseTable: string };

export interface EventFlow {
  /** Resolves when every commit so far has been handed to the projection queue. */
  published: () => Promise<void>;
  close: () => Promise<void>;
}

/** The process queue and deadline timer to run, when the domain has process managers and the adapters hold them. */
export const processFlowOf = (
  domain: Domain,
  adapters: { processQueue?: QueueConsumer; deadlines?: { start?: () => void; stop?: () => Promise<void> } },
) =>
  (domain.processes?.all().length ?? 0) > 0 && adapters.processQueue
    ? { queue: adapters.processQueue, deadlines: adapters.deadlines }
    : undefined;

/**
 * The event flow of the design, in this process: the store's change feed → stream publisher
 * (projection FIFO queue + integration bus, and each commit's followers) → projection worker →
 * views and live push. Every arrow is a handler of the composition root, the same that runs in
 * Lambda; the relay, the stream poller and the queue poller stand in for the event source mappings.
 */
export const startEventFlow = (options: {
  cairn: Cairn;
  changeFeed?: ChangeFeed;
  projectionQueue: QueueConsumer;
  /** The process queue and the deadline timer, when the domain has process managers. */
  processes?: { queue: QueueConsumer; deadlines?: { start?: () => void; stop?: () => Promise<void> } };
  /** Where the embedded relay keeps its checkpoint. */
  dataDir?: string;
  /** How long a received message stays hidden without the pollers' heartbeat (see QueuePoller). */
  visibilityMs?: number;
  /** This runtime in the stream's leases (`host:port`), before its random per-process id. */
  runtimeName?: string;
  /** How long a stream lease outlives its owner's last renewal (CAIRN_STREAM_LEASE); 10 s by default. */
  streamLeaseMs?: number;
  log: (error: unknown) => void;
}): EventFlow => {
  const { cairn, changeFeed, log } = options;
  const relay =
    changeFeed?.kind === 'embedded'
      ? new ChangeFeedRelay(changeFeed.store, cairn.commitHandler(), { dataDir: options.dataDir, onError: log })
      : undefined;
  const streamPoller =
    changeFeed?.kind === 'dynamodbStream'
      ? new DynamoStreamPoller(changeFeed.table, cairn.streamPublisher(), {
          leaseTable: changeFeed.leaseTable,
          owner: runtimeOwnerId(options.runtimeName),
          leaseDurationMs: options.streamLeaseMs,
          onError: log,
        })
      : undefined;
  const worker = cairn.projectionWorker();
  const visibility = options.visibilityMs === undefined ? {} : { visibilityMs: options.visibilityMs };
  const poller = new QueuePoller(options.projectionQueue, (event) => worker(event), {
    queueArn: 'arn:aws:sqs:local:000000000000:cairn-projections.fifo',
    onError: log,
    ...visibility,
  });
  const processes = options.processes;
  const processWorker = processes && cairn.processWorker();
  const processPoller =
    processes &&
    processWorker &&
    new QueuePoller(processes.queue, (event) => processWorker(event), {
      queueArn: 'arn:aws:sqs:local:000000000000:cairn-processes.fifo',
      onError: log,
      ...visibility,
    });
  relay?.start();
  streamPoller?.start();
  poller.start();
  processPoller?.start();
  processes?.deadlines?.start?.();
  return {
    published: async () => relay?.drained(),
    close: async () => {
      await relay?.stop();
      await streamPoller?.stop();
      await processes?.deadlines?.stop?.();
      await poller.stop();
      await processPoller?.stop();
    },
  };
};
