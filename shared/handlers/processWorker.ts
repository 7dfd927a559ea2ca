import { processMessageSchema } from '#application/processMessages';
import type { ProcessService } from '#application/processService';
import { type DeadLetters, fifoConsumer } from './fifoConsumer';

/**
 * Consumes the process queue: one message (an event for a process, or a deadline of it that
 * fired) at a time per process, as its FIFO group orders them. A process whose reaction throws,
 * or whose command the pipeline refuses to accept (an invalid command), fails its message: it
 * comes again and, on its last allowed receive, goes to the process dead-letter queue with its
 * error, to be redriven once the cause is fixed (`npx cairn dlq`).
 */
export const createProcessWorker = (deps: {
  service: ProcessService;
  deadLetters?: DeadLetters;
  log?: (error: unknown) => void;
}) => fifoConsumer(async (record) => deps.service.handle(processMessageSchema.parse(JSON.parse(record.body))), deps);
