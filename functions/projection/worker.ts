/** Lambda entry point: SQS FIFO projection queue → views (partial batch responses). */
import type { SQSHandler } from 'aws-lambda';
import { ProjectionService } from '../../shared/application/projectionService';
import { projectionRegistry } from '../../shared/projections/registry';
import { awsEventReaderFromEnv, awsViewsFromEnv } from '../../shared/runtime/adapters';
import { createProjectionWorker } from './projectionWorker';

const eventStore = awsEventReaderFromEnv();
const worker = createProjectionWorker({
  service: new ProjectionService({ projections: projectionRegistry, views: awsViewsFromEnv(), eventStore }),
  eventStore,
});

export const handler: SQSHandler = (event, context) => worker(event, context);
