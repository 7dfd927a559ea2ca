/** Lambda entry point: SQS FIFO projection queue → views (partial batch responses). */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSHandler } from 'aws-lambda';
import { ProjectionGenerations } from '../../shared/application/projectionGenerations';
import { ProjectionService } from '../../shared/application/projectionService';
import { sampleDomain } from '../../shared/domain';
import {
  awsEventReaderFromEnv,
  awsProjectionDeadLettersFromEnv,
  awsViewsFromEnv,
  PROJECTION_MAX_RECEIVES,
} from '../../shared/runtime/adapters';
import { awsLiveViewsFromEnv } from '../../shared/runtime/livePush';
import { createProjectionWorker } from './projectionWorker';

const logger = new Logger({ serviceName: 'cairn-projection-worker' });
const eventStore = awsEventReaderFromEnv();
const views = awsViewsFromEnv();
const generations = new ProjectionGenerations(views);
const deadLetterQueue = awsProjectionDeadLettersFromEnv();
// Pushes to WebSocket subscribers when the stack wires the WebSocket API in (WEBSOCKET_ENDPOINT).
const live = process.env.WEBSOCKET_ENDPOINT
  ? awsLiveViewsFromEnv({ views, projections: sampleDomain.projections, generations })
  : undefined;
const worker = createProjectionWorker({
  onChanges: live && (async (changes) => void (await live.liveViews.pushChanges(changes))),
  deadLetters: deadLetterQueue && { queue: deadLetterQueue, maxReceiveCount: PROJECTION_MAX_RECEIVES },
  log: (error) => logger.error('projection failed', error as Error),
  service: new ProjectionService({
    projections: sampleDomain.projections,
    views,
    eventStore,
    targets: (context, projection) => generations.writeTargets(context, projection.name),
  }),
  eventStore,
});

export const handler: SQSHandler = (event, context) => worker(event, context);
