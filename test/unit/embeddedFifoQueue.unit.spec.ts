import { describe, expect, it } from 'vitest';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';

describe('the embedded FIFO queue under sustained traffic', () => {
  it('forgets deduplication ids past the window (memory stays bounded) and still deduplicates within it', async () => {
    let now = 0;
    const queue = new EmbeddedFifoQueue({ name: 'q', dedupWindowMs: 1_000, now: () => now });
    const remembered = () => (queue as unknown as { dedup: Map<string, number> }).dedup.size;
    const sizes: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      now += 1; // 1,000 sends per window
      await queue.send({ groupId: 'g', dedupId: `id-${i}`, body: String(i) });
      const [message] = await queue.receive({ max: 1, waitMs: 0 });
      if (message) await queue.ack(message.receiptHandle);
      sizes.push(remembered());
    }
    expect(Math.max(...sizes)).toBeLessThan(4_000);
    // Within the window the newest ids are still known: a resend is dropped.
    await queue.send({ groupId: 'g', dedupId: 'id-19999', body: 'again' });
    expect(await queue.receive({ max: 10, waitMs: 0 })).toEqual([]);
    // Past it, the same id is a new message, as in SQS.
    now += 1_000;
    await queue.send({ groupId: 'g', dedupId: 'id-19999', body: 'later' });
    expect((await queue.receive({ max: 10, waitMs: 0 })).map((message) => message.body)).toEqual(['later']);
    queue.close();
  });
});
