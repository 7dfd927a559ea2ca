/** Lambda entry: the SQS FIFO process queue → process managers (commands, deadlines, state); partial batch responses. */
import type { SQSHandler } from 'aws-lambda';
import { lambdaCairn } from '#runtime/lambdaCairn';

const worker = lambdaCairn.processWorker();

export const handler: SQSHandler = (event, context) => worker(event, context);
