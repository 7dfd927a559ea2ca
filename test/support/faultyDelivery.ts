/**
 * Delivery faults around a FIFO queue (the SQS adapter on LocalStack), injected where the local
 * runtime's pollers stand in for Lambda's event source mappings: what at-least-once delivery and
 * crashing workers do to a consumer, each decided from a seeded generator.
 *
 * - duplicate: a received message is sent once more under a fresh deduplication id, so it arrives
 *   a second time, later than the messages sent after it (also a reordering);
 * - reorder: a received batch is handed to the handler shuffled, so the events of one aggregate
 *   arrive out of order within it;
 * - crash before ack: the handler ran (its writes landed) but the delete never happened: the
 *   message is made visible again at once, as it would be after its visibility timeout;
 * - crash after send: the message went out but the sender fails before it can go on (the stream
 *   publisher before its checkpoint, an enqueue before its answer), so its caller sends it again.
 *
 * The faults' own actions (the copy, the release) go through `control`, the same queue on a
 * client without SDK faults: the test's machinery must not fail in ways it does not count.
 */
import type { MessageQueue, OutgoingMessage, QueueConsumer, ReceivedMessage } from '#ports/messageQueue';

export interface DeliveryFaultRates {
  /** Per received message. */
  duplicate: number;
  /** Per received batch of two or more. */
  reorder: number;
  /** Per acknowledgement. */
  crashBeforeAck: number;
  /** Per send. */
  crashAfterSend: number;
}

export interface DeliveryCounts {
  /** Messages handed to the consumer. */
  deliveries: number;
  /** Of those, deliveries after the first of their message (SQS's receive count above 1). */
  redeliveries: number;
  duplicate: number;
  reorder: number;
  crashBeforeAck: number;
  crashAfterSend: number;
}

export class FaultyDelivery implements MessageQueue, QueueConsumer {
  enabled = false;
  readonly counts: DeliveryCounts = {
    deliveries: 0,
    redeliveries: 0,
    duplicate: 0,
    reorder: 0,
    crashBeforeAck: 0,
    crashAfterSend: 0,
  };

  constructor(
    private readonly inner: MessageQueue & QueueConsumer,
    private readonly control: MessageQueue & QueueConsumer,
    private readonly random: () => number,
    private readonly rates: DeliveryFaultRates,
  ) {}

  /** Faults injected so far (the counts of the four kinds). */
  get injected(): number {
    const { duplicate, reorder, crashBeforeAck, crashAfterSend } = this.counts;
    return duplicate + reorder + crashBeforeAck + crashAfterSend;
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.inner.send(message);
    if (this.roll('crashAfterSend')) throw new Error('injected: the sender crashed after its message went out');
  }

  async receive(options: { max: number; waitMs: number }): Promise<ReceivedMessage[]> {
    const messages = await this.inner.receive(options);
    this.counts.deliveries += messages.length;
    this.counts.redeliveries += messages.filter((message) => message.receiveCount > 1).length;
    for (const message of messages) {
      if (!this.roll('duplicate')) continue;
      const copy = this.counts.duplicate;
      await this.control.send({
        groupId: message.groupId,
        dedupId: `${message.dedupId.slice(0, 100)}~dup${copy}`,
        body: message.body,
      });
    }
    if (messages.length > 1 && this.roll('reorder')) return this.shuffled(messages);
    return messages;
  }

  async ack(receiptHandle: string): Promise<void> {
    if (!this.roll('crashBeforeAck')) return this.inner.ack(receiptHandle);
    // The worker is gone; SQS makes the message visible again once its visibility timeout ends.
    await this.control.release(receiptHandle, 0).catch(() => undefined);
  }

  release(receiptHandle: string, delayMs?: number): Promise<void> {
    return this.inner.release(receiptHandle, delayMs);
  }

  private roll(kind: keyof DeliveryFaultRates): boolean {
    if (!this.enabled || this.random() >= this.rates[kind]) return false;
    this.counts[kind] += 1;
    return true;
  }

  /** Fisher–Yates with the seeded generator. */
  private shuffled<T>(items: readonly T[]): T[] {
    const result = [...items];
    for (let i = result.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [result[i], result[j]] = [result[j] as T, result[i] as T];
    }
    return result;
  }
}
