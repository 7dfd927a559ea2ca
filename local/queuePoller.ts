import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueConsumer, ReceivedMessage } from '#ports/messageQueue';

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

/**
 * Does locally what Lambda's SQS event source mapping does in AWS: receives batches, hands them
 * to the handler as an SQS event, deletes what succeeded and releases what the handler reported
 * in `batchItemFailures` (or the whole batch if the handler threw).
 *
 * With `visibilityMs`, messages are received hidden for that long only, and kept hidden by a
 * heartbeat while they are being worked on: a runtime that dies holds them (and, in a FIFO queue,
 * their groups) for that long, not for the queue's visibility timeout. One that stops returns
 * what a last receive handed it at once.
 */
export class QueuePoller {
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly consumer: QueueConsumer,
    private readonly handler: SqsHandler,
    private readonly options: {
      queueArn: string;
      batchSize?: number;
      concurrency?: number;
      /** How long a received message stays hidden without a heartbeat (the queue's timeout without it). */
      visibilityMs?: number;
      onError?: (error: unknown) => void;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const workers = Array.from({ length: this.options.concurrency ?? 4 }, () => this.work());
    this.loop = Promise.all(workers).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async work(): Promise<void> {
    while (this.running) {
      try {
        const { visibilityMs } = this.options;
        const messages = await this.consumer.receive({
          max: this.options.batchSize ?? 10,
          waitMs: 1000,
          ...(visibilityMs !== undefined && { visibilityMs }),
        });
        if (!this.running) {
          // Stopping: what the last long poll handed over goes back at once, not after a timeout.
          await Promise.all(messages.map((message) => this.consumer.release(message.receiptHandle, 0)));
          break;
        }
        if (messages.length > 0) await this.deliver(messages);
        // With an in-process queue and store nothing above waits on I/O while a backlog lasts, so
        // without this the loop would run on microtasks alone and starve HTTP, sockets and timers.
        await new Promise((resolve) => setImmediate(resolve));
      } catch (error) {
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Extends the messages' visibility every third of it while `work` runs. */
  private async withHeartbeat<T>(messages: ReceivedMessage[], work: () => Promise<T>): Promise<T> {
    const { visibilityMs } = this.options;
    const extend = this.consumer.extend?.bind(this.consumer);
    if (visibilityMs === undefined || !extend) return work();
    const beat = setInterval(
      () => {
        for (const message of messages) {
          extend(message.receiptHandle, visibilityMs).catch((error: unknown) => this.options.onError?.(error));
        }
      },
      Math.max(100, Math.floor(visibilityMs / 3)),
    );
    try {
      return await work();
    } finally {
      clearInterval(beat);
    }
  }

  private async deliver(messages: ReceivedMessage[]): Promise<void> {
    let failed: Set<string>;
    try {
      // Kept hidden while the handler works; not while they are acknowledged or released below.
      const response = await this.withHeartbeat(messages, () => this.handler(this.toEvent(messages)));
      failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      this.options.onError?.(error);
      failed = new Set(messages.map((message) => message.messageId));
    }
    for (const message of messages) {
      // Back off like a visibility timeout would, so that a store that is briefly down is not
      // mistaken for a poison message: 100 ms, 200 ms, 400 ms, ... up to 10 s.
      const delay = Math.min(10_000, 100 * 2 ** (message.receiveCount - 1));
      if (failed.has(message.messageId)) await this.consumer.release(message.receiptHandle, delay);
      else await this.consumer.ack(message.receiptHandle);
    }
  }

  private toEvent(messages: ReceivedMessage[]): SQSEvent {
    return {
      Records: messages.map((message) => ({
        messageId: message.messageId,
        receiptHandle: message.receiptHandle,
        body: message.body,
        attributes: {
          ApproximateReceiveCount: String(message.receiveCount),
          SentTimestamp: String(message.sentAt),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
          MessageGroupId: message.groupId,
          MessageDeduplicationId: message.dedupId,
          SequenceNumber: String(message.sentAt),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: this.options.queueArn,
        awsRegion: 'local',
      })),
    };
  }
}
