import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type DeadLetterPolicy, deadLetterOf, isDeadLetterDue } from '#application/deadLetter';
import type { MessageQueue } from '#ports/messageQueue';

/** Where a message goes, with its error, when it fails on its last allowed receive. */
export type DeadLetters = DeadLetterPolicy & { queue: MessageQueue; now?: () => Date };

/**
 * A FIFO queue's Lambda consumer (the projection and process workers): each record handled in
 * order per group; one that fails fails its record, the rest of its group in this batch is skipped
 * and comes again, other groups go on. On its last allowed receive it goes to the dead-letter
 * queue with its error instead (a transient failure gets more receives: it says nothing about the
 * message). The queue's own redrive policy, a few receives later, stays the backstop for a worker
 * that crashes.
 */
export const fifoConsumer = (
  handle: (record: SQSRecord) => Promise<void>,
  options: { deadLetters?: DeadLetters; log?: (error: unknown) => void },
) => {
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    try {
      await handle(record);
    } catch (error) {
      options.log?.(error);
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      const dead = options.deadLetters;
      if (!dead || !isDeadLetterDue(dead, error, receiveCount)) throw error;
      const letter = deadLetterOf(
        error,
        {
          receiveCount,
          groupId: record.attributes.MessageGroupId ?? '',
          dedupId: record.attributes.MessageDeduplicationId ?? record.messageId,
          body: record.body,
        },
        dead.now?.() ?? new Date(),
      );
      await dead.queue.send({ groupId: letter.groupId, dedupId: letter.dedupId, body: JSON.stringify(letter) });
    }
  };
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, new SqsFifoPartialProcessorAsync(), {
      context,
      skipGroupOnError: true,
      throwOnFullBatchFailure: false,
    });
};
