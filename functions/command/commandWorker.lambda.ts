/** Lambda entry: the SQS FIFO command queue (respond-async commands), partial batch responses. */
import type { SQSHandler } from 'aws-lambda';
import { lambdaCairn } from '#runtime/lambdaCairn';

const worker = lambdaCairn.commandWorker();

export const handler: SQSHandler = (event, context) => worker(event, context);
