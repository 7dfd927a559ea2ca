/**
 * Short visibility with a heartbeat: a message stays hidden from other runtimes' pollers for as
 * long as its handler works on it, and comes back within the short visibility once its poller is
 * gone (a runtime killed mid-message), not after the queue's 30 s.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import type { QueueConsumer } from '#ports/messageQueue';
import { QueuePoller } from '../../local/queuePoller';
import { until } from '../support/until';

const arn = 'arn:aws:sqs:local:000000000000:test.fifo';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const twoRuntimes = async (consumer: (queue: EmbeddedFifoQueue) => QueueConsumer) => {
  const queue = new EmbeddedFifoQueue({ name: 'heartbeat' });
  const handled: string[] = [];
  const slow = async (event: { Records: { body: string }[] }) => {
    for (const record of event.Records) handled.push(record.body);
    await sleep(1_300); // far past the visibility of 200 ms, and past a long poll of 1 s
    return { batchItemFailures: [] };
  };
  const pollers = [1, 2].map(
    () => new QueuePoller(consumer(queue), slow, { queueArn: arn, visibilityMs: 200, concurrency: 1 }),
  );
  for (const poller of pollers) poller.start();
  await queue.send({ groupId: 'g', dedupId: 'd1', body: 'one' });
  await until(() => queue.depth === 0, 5_000);
  await Promise.all(pollers.map((poller) => poller.stop()));
  return handled;
};

describe('a poller with a short visibility', () => {
  it('keeps a message it works on hidden from the other runtimes, past its visibility', async () => {
    expect(await twoRuntimes((queue) => queue)).toEqual(['one']);
  });

  it('without the heartbeat, the other runtime would take it again (what the heartbeat prevents)', async () => {
    const noHeartbeat = (queue: EmbeddedFifoQueue): QueueConsumer => ({
      receive: (options) => queue.receive(options),
      ack: (handle) => queue.ack(handle),
      release: (handle, delay) => queue.release(handle, delay),
    });
    expect((await twoRuntimes(noHeartbeat)).length).toBeGreaterThan(1);
  });

  it('gives a message held by a runtime that died back within the short visibility', async () => {
    const queue = new EmbeddedFifoQueue({ name: 'dead-runtime' });
    await queue.send({ groupId: 'g', dedupId: 'd1', body: 'held' });
    // A runtime received it and died: no heartbeat, no ack, no release.
    expect(await queue.receive({ max: 1, waitMs: 0, visibilityMs: 300 })).toHaveLength(1);
    const started = Date.now();
    const survivor = new QueuePoller(queue, async () => ({ batchItemFailures: [] }), {
      queueArn: arn,
      visibilityMs: 300,
    });
    survivor.start();
    await until(() => queue.depth === 0, 5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    await survivor.stop();
  });
});
