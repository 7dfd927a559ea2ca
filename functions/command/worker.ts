/** Lambda entry point: SQS FIFO command queue → command service (partial batch responses). */
import type { SQSHandler } from 'aws-lambda';
import { awsAdaptersFromEnv } from '../../shared/runtime/adapters';
import { createCommandService } from './commandService';
import { createCommandWorker } from './commandWorker';

const worker = createCommandWorker(createCommandService(awsAdaptersFromEnv()));

export const handler: SQSHandler = (event, context) => worker(event, context);
