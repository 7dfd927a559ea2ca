import type { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import type { QueueConsumer } from '#ports/messageQueue';
import type { Cairn } from '#runtime/composeCairn';
import { ChangeFeedRelay } from './changeFeedRelay';
import { DynamoStreamPoller } from './dynamoStreamPoller';
import { QueuePoller } from './queuePoller';

/** Where the store's commits come from: the embedded store's own log, or a DynamoDB table's stream. */
export type ChangeFeed = { kind: 'embedded'; store: EmbeddedEventStore } | { kind: 'dynamodbStream'; table: string };

export interface EventFlow {
  /** Resolves when every commit so far has been handed to the projection queue. */
  published: () => Promise<void>;
  close: () => Promise<void>;
}

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
  /** Where the embedded relay keeps its checkpoint. */
  dataDir?: string;
  log: (error: unknown) => void;
}): EventFlow => {
  const { cairn, changeFeed, log } = options;
  const relay =
    changeFeed?.kind === 'embedded'
      ? new ChangeFeedRelay(changeFeed.store, cairn.commitHandler(), { dataDir: options.dataDir, onError: log })
      : undefined;
  const streamPoller =
    changeFeed?.kind === 'dynamodbStream'
      ? new DynamoStreamPoller(changeFeed.table, cairn.streamPublisher(), { onError: log })
      : undefined;
  const worker = cairn.projectionWorker();
  const poller = new QueuePoller(options.projectionQueue, (event) => worker(event), {
    queueArn: 'arn:aws:sqs:local:000000000000:cairn-projections.fifo',
    onError: log,
  });
  relay?.start();
  streamPoller?.start();
  poller.start();
  return {
    published: async () => relay?.drained(),
    close: async () => {
      await relay?.stop();
      await streamPoller?.stop();
      await poller.stop();
    },
  };
};
