/** Lambda entry: the SQS FIFO projection queue → views, then the live push; partial batch responses. */
import type { SQSHandler } from 'aws-lambda';
import { lambdaCairn } from '#runtime/lambdaCairn';

const worker = lambdaCairn.projectionWorker();

export const handler: SQSHandler = (event, context) => worker(event, context);
