import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MessageQueue, QueueConsumer, ReceivedMessage } from '#ports/messageQueue';

export interface QueueFixture {
  queue: MessageQueue & QueueConsumer;
  maxReceiveCount: number;
  /** Bodies of the messages in the dead-letter queue. */
  deadLetterBodies: () => Promise<string[]>;
}

const drain = async (queue: QueueConsumer, count: number): Promise<ReceivedMessage[]> => {
  const received: ReceivedMessage[] = [];
  for (let round = 0; round < 20 && received.length < count; round++) {
    const batch = await queue.receive({ max: 10, waitMs: 1000 });
    for (const message of batch) {
      received.push(message);
      await queue.ack(message.receiptHandle);
    }
  }
  return received;
};

/** FIFO semantics that the command pipeline relies on, for the embedded queue and SQS FIFO. */
export const messageQueueContract = (adapter: string, makeFixture: () => Promise<QueueFixture>) =>
  describe(`FIFO queue contract: ${adapter}`, () => {
    it('delivers the messages of one group in order', async () => {
      const { queue } = await makeFixture();
      const group = `g-${randomUUID()}`;
      for (let i = 1; i <= 6; i++) await queue.send({ groupId: group, dedupId: randomUUID(), body: `m${i}` });
      const received = await drain(queue, 6);
      expect(received.map((message) => message.body)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
      expect(received[0]?.groupId).toBe(group);
    });

    it('holds back a group while one of its messages is in flight, and lets other groups go on', async () => {
      const { queue } = await makeFixture();
      const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
      await queue.send({ groupId: a, dedupId: randomUUID(), body: 'a1' });
      await queue.send({ groupId: a, dedupId: randomUUID(), body: 'a2' });
      const [first] = await queue.receive({ max: 1, waitMs: 1000 });
      expect(first?.body).toBe('a1');
      await queue.send({ groupId: b, dedupId: randomUUID(), body: 'b1' });
      const meanwhile = await queue.receive({ max: 10, waitMs: 1000 });
      expect(meanwhile.map((message) => message.body)).toEqual(['b1']);
      await queue.ack(meanwhile[0]?.receiptHandle ?? '');
      await queue.ack(first?.receiptHandle ?? '');
      const next = await queue.receive({ max: 10, waitMs: 1000 });
      expect(next.map((message) => message.body)).toEqual(['a2']);
      await queue.ack(next[0]?.receiptHandle ?? '');
    });

    it('drops a message whose deduplication id was already sent', async () => {
      const { queue } = await makeFixture();
      const group = `g-${randomUUID()}`;
      const dedupId = randomUUID();
      await queue.send({ groupId: group, dedupId, body: 'first' });
      await queue.send({ groupId: group, dedupId, body: 'second' });
      await queue.send({ groupId: group, dedupId: randomUUID(), body: 'third' });
      const received = await drain(queue, 2);
      expect(received.map((message) => message.body)).toEqual(['first', 'third']);
      expect(await queue.receive({ max: 10, waitMs: 0 })).toEqual([]);
    });

    it('delivers a released message again, first in its group, counting receives', async () => {
      const { queue } = await makeFixture();
      const group = `g-${randomUUID()}`;
      await queue.send({ groupId: group, dedupId: randomUUID(), body: 'one' });
      await queue.send({ groupId: group, dedupId: randomUUID(), body: 'two' });
      const [first] = await queue.receive({ max: 1, waitMs: 1000 });
      expect(first?.receiveCount).toBe(1);
      await queue.release(first?.receiptHandle ?? '');
      const [again] = await queue.receive({ max: 1, waitMs: 1000 });
      expect(again?.body).toBe('one');
      expect(again?.receiveCount).toBe(2);
      await queue.ack(again?.receiptHandle ?? '');
      expect((await drain(queue, 1)).map((message) => message.body)).toEqual(['two']);
    });

    it('moves a message that keeps failing to the dead-letter queue, unblocking its group', async () => {
      const { queue, maxReceiveCount, deadLetterBodies } = await makeFixture();
      const group = `g-${randomUUID()}`;
      await queue.send({ groupId: group, dedupId: randomUUID(), body: 'poison' });
      await queue.send({ groupId: group, dedupId: randomUUID(), body: 'after' });
      for (let i = 0; i < maxReceiveCount; i++) {
        const [message] = await queue.receive({ max: 1, waitMs: 1000 });
        expect(message?.body).toBe('poison');
        await queue.release(message?.receiptHandle ?? '');
      }
      expect((await drain(queue, 1)).map((message) => message.body)).toEqual(['after']);
      expect(await deadLetterBodies()).toEqual(['poison']);
    });
  });
