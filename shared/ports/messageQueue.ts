/**
 * A FIFO queue: messages of one group are delivered in order and one at a time (the next only
 * after the previous is acknowledged); groups proceed in parallel; a repeated dedupId within the
 * deduplication window is dropped; an unacknowledged message comes back (at-least-once) and, after
 * too many receives, goes to a dead-letter queue.
 */
export interface OutgoingMessage {
  groupId: string;
  dedupId: string;
  body: string;
}

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  groupId: string;
  dedupId: string;
  body: string;
  receiveCount: number;
  sentAt: number;
}

export interface MessageQueue {
  send(message: OutgoingMessage): Promise<void>;
}

/** What Lambda's event source mapping does in AWS; the local runtime and tests drive it directly. */
export interface QueueConsumer {
  /** `visibilityMs`: how long the messages stay hidden from other receivers (the queue's own timeout without it). */
  receive(options: { max: number; waitMs: number; visibilityMs?: number }): Promise<ReceivedMessage[]>;
  /** Keeps a message hidden for `visibilityMs` from now, while it is still being worked on (a heartbeat). */
  extend?(receiptHandle: string, visibilityMs: number): Promise<void>;
  ack(receiptHandle: string): Promise<void>;
  /** Makes the message visible again, at once or after `delayMs` (a failed attempt, backing off). */
  release(receiptHandle: string, delayMs?: number): Promise<void>;
}

/**
 * A queue that can be read without receiving, and a message taken out by its id: the embedded
 * queue. SQS has neither (a message is only seen by receiving it), so a dead-letter queue offers
 * this where it can and the admin API falls back on receive and release.
 */
export interface BrowsableQueue {
  /** Every message not yet acknowledged, in send order. */
  peek(): ReceivedMessage[];
  /** Acknowledges a message by id; one that is gone already is no error. */
  remove(messageId: string): void;
}

/** A dead-letter queue as the workers fill it and an operator reads and redrives it. */
export type DeadLetterQueue = MessageQueue & QueueConsumer & Partial<BrowsableQueue>;
