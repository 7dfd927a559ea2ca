import { createProjectionWorker } from '../functions/projection/projectionWorker';
import { createStreamPublisher } from '../functions/projection/streamPublisher';
import { EmbeddedEventStore } from '../shared/adapters/embedded/embeddedEventStore';
import { CommitFollowers, commitHandler } from '../shared/application/commitFollowers';
import { EventPublisher } from '../shared/application/eventPublisher';
import { ProjectionGenerations } from '../shared/application/projectionGenerations';
import { ProjectionService, type ViewChange } from '../shared/application/projectionService';
import type { AggregateRegistry } from '../shared/core/aggregate';
import type { ProjectionRegistry } from '../shared/core/projection';
import type { CommandLedger } from '../shared/ports/commandLedger';
import type { EventStore } from '../shared/ports/eventStore';
import type { SnapshotStore } from '../shared/ports/snapshotStore';
import { PROJECTION_MAX_RECEIVES, type ProjectionAdapters } from '../shared/runtime/adapters';
import { ChangeFeedRelay } from './changeFeedRelay';
import { DynamoStreamPoller } from './dynamoStreamPoller';
import { QueuePoller } from './queuePoller';

export interface ProjectionPipeline {
  service: ProjectionService;
  generations: ProjectionGenerations;
  /** Resolves when every commit so far has been handed to the projection queue. */
  published: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The event flow of the design, in this process: the store's change feed → publisher (projection
 * FIFO queue + integration bus) → projection worker → views. Each arrow is the same code that runs
 * in Lambda; the relay and the poller stand in for the event source mappings.
 */
export const startProjectionPipeline = (options: {
  eventStore: EventStore;
  adapters: ProjectionAdapters;
  projections: ProjectionRegistry;
  /** What follows each commit (its command record, snapshots), as the publisher Lambda does. */
  followers?: { registry: AggregateRegistry; ledger: CommandLedger; snapshots?: SnapshotStore };
  dataDir?: string;
  /** For the AWS adapters: the events table whose DynamoDB stream feeds the publisher. */
  streamTable?: string;
  /** Called with the views an event changed (the live push). */
  onChanges?: (changes: ViewChange[]) => Promise<void>;
  log: (error: unknown) => void;
}): ProjectionPipeline => {
  const { eventStore, adapters } = options;
  const generations = new ProjectionGenerations(adapters.views);
  const service = new ProjectionService({
    projections: options.projections,
    views: adapters.views,
    eventStore,
    targets: (context, projection) => generations.writeTargets(context, projection.name),
  });
  const publisher = new EventPublisher({ queue: adapters.projectionQueue, bus: adapters.bus });
  const followers =
    options.followers && new CommitFollowers({ ...options.followers, eventStore, onSnapshotError: options.log });
  const relay =
    eventStore instanceof EmbeddedEventStore
      ? new ChangeFeedRelay(eventStore, commitHandler(publisher, followers), {
          dataDir: options.dataDir,
          onError: options.log,
        })
      : undefined;
  const streamPoller =
    !relay && options.streamTable
      ? new DynamoStreamPoller(options.streamTable, createStreamPublisher(publisher, options.log, followers), {
          onError: options.log,
        })
      : undefined;
  const worker = createProjectionWorker({
    service,
    eventStore,
    log: options.log,
    onChanges: options.onChanges,
    deadLetters: adapters.deadLetters && { queue: adapters.deadLetters, maxReceiveCount: PROJECTION_MAX_RECEIVES },
  });
  const poller = new QueuePoller(adapters.projectionQueue, (event) => worker(event), {
    queueArn: 'arn:aws:sqs:local:000000000000:cairn-projections.fifo',
    onError: options.log,
  });
  relay?.start();
  streamPoller?.start();
  poller.start();
  return {
    service,
    generations,
    published: async () => relay?.drained(),
    close: async () => {
      await relay?.stop();
      await streamPoller?.stop();
      await poller.stop();
    },
  };
};
