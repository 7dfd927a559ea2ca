import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { commandRequestSchema } from '#application/commandRequest';
import type { CommandService } from '#application/commandService';
import { ContentionError, isCairnError } from '#core/errors';

/**
 * Consumes queued commands. A command that the domain or validation refuses is recorded as failed
 * and consumed (retrying cannot change the answer); anything else (store unavailable, contention
 * that did not settle, an unreadable message) fails the record so SQS delivers it again, and after
 * the queue's maxReceiveCount, moves it to the dead-letter queue. A failed record stops the rest
 * of its message group in this batch (FIFO order); other groups go on.
 */
export const createCommandWorker = (service: CommandService) => {
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const request = commandRequestSchema.parse(JSON.parse(record.body));
    try {
      await service.execute(request, { queued: true });
    } catch (error) {
      if (isCairnError(error) && error.status < 500 && !(error instanceof ContentionError)) {
        await service.recordFailure(request, error);
        return;
      }
      throw error;
    }
  };

  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, new SqsFifoPartialProcessorAsync(), {
      context,
      skipGroupOnError: true,
      throwOnFullBatchFailure: false,
    });
};
