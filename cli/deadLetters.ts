/**
 * Listing and redriving dead letters, over the queue ports, so that the same code serves the
 * embedded queues and SQS. A redriven message goes back to its own FIFO group with a fresh
 * deduplication id (the old one may still be inside the queue's deduplication window).
 */
import { type DeadLetter, deadLetterSchema } from '#application/deadLetter';
import type { MessageQueue, QueueConsumer, ReceivedMessage } from '#ports/messageQueue';

export interface ListedDeadLetter extends DeadLetter {
  messageId: string;
}

export const parseDeadLetter = (message: ReceivedMessage): ListedDeadLetter => {
  const parsed = deadLetterSchema.safeParse(JSON.parse(message.body));
  if (parsed.success) return { messageId: message.messageId, ...parsed.data };
  // Moved by the queue's redrive policy (a worker that crashed), not by the worker: no reason known.
  return {
    messageId: message.messageId,
    reason: `moved by the queue after ${message.receiveCount} receives (no error recorded)`,
    failedAt: new Date(message.sentAt).toISOString(),
    receiveCount: message.receiveCount,
    groupId: message.groupId,
    dedupId: message.dedupId,
    body: message.body,
  };
};

/**
 * One line about a dead letter's message: an event of the projection queue (`v3 TodoAdded`), or
 * of the process queue, for one process (`inboxOnRegistration/ada UserRegistered v1`) or a
 * deadline of one that fired (`archiveWhenDone/list-1 deadline archive due …`).
 */
export const describeMessage = (body: string): string => {
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return '(not JSON)';
  }
  const event = (of: Record<string, unknown>) => `${of.type ?? ''} v${of.version ?? '?'}`;
  const processOf = `${message.process}/${message.key}`;
  if (message.kind === 'event') return `${processOf} ${event((message.event ?? {}) as Record<string, unknown>)}`;
  if (message.kind === 'deadline') return `${processOf} deadline ${message.name} due ${message.dueAt}`;
  return `v${message.version ?? '?'} ${message.type ?? ''}`;
};

/** Receives every dead letter it can, hands each to `handle`, and acks it when `handle` says so. */
export const drain = async (
  queue: QueueConsumer,
  handle: (letter: ListedDeadLetter) => Promise<'ack' | 'keep'>,
): Promise<number> => {
  const kept: string[] = [];
  let count = 0;
  for (;;) {
    const batch = await queue.receive({ max: 10, waitMs: 0 });
    if (batch.length === 0) break;
    for (const message of batch) {
      count += 1;
      if ((await handle(parseDeadLetter(message))) === 'ack') await queue.ack(message.receiptHandle);
      else kept.push(message.receiptHandle);
    }
  }
  for (const handle of kept) await queue.release(handle);
  return count;
};

export const redriveTo =
  (target: MessageQueue, now: () => number = Date.now) =>
  async (letter: ListedDeadLetter) => {
    await target.send({ groupId: letter.groupId, dedupId: `${letter.dedupId}:r${now()}`, body: letter.body });
    return 'ack' as const;
  };
