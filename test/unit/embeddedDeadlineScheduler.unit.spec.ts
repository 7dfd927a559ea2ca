import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedDeadlineScheduler } from '#adapters/embedded/embeddedDeadlineScheduler';
import type { OutgoingMessage } from '#ports/messageQueue';
import { until } from '../support/until';

const sink = () => {
  const sent: OutgoingMessage[] = [];
  return { sent, queue: { send: async (message: OutgoingMessage) => void sent.push(message) } };
};
const deadline = (name: string, inMs: number, body = name) => ({
  name,
  at: new Date(Date.now() + inMs),
  groupId: 'g',
  dedupId: `d-${body}`,
  body,
});

describe('the embedded deadline timer', () => {
  it('fires each deadline once when due, in due order; a cancelled one never', async () => {
    const { sent, queue } = sink();
    const scheduler = new EmbeddedDeadlineScheduler(queue);
    scheduler.start();
    await scheduler.schedule(deadline('late', 120));
    await scheduler.schedule(deadline('early', 40));
    await scheduler.schedule(deadline('cancelled', 60));
    await scheduler.cancel('cancelled');
    await scheduler.cancel('never-scheduled'); // no error
    await until(() => sent.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sent.map((message) => message.body)).toEqual(['early', 'late']);
    expect(scheduler.scheduled()).toEqual([]);
    await scheduler.stop();
  });

  it('replaces a deadline scheduled again under its name', async () => {
    const { sent, queue } = sink();
    const scheduler = new EmbeddedDeadlineScheduler(queue);
    scheduler.start();
    await scheduler.schedule(deadline('archive', 30, 'first'));
    await scheduler.schedule(deadline('archive', 80, 'second'));
    await until(() => sent.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent.map((message) => message.body)).toEqual(['second']);
    await scheduler.stop();
  });

  it('keeps deadlines across a restart and fires what came due meanwhile, late rather than never', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-deadlines-'));
    const before = new EmbeddedDeadlineScheduler(sink().queue, { dataDir });
    await before.schedule(deadline('due-while-down', 50));
    await before.schedule(deadline('later', 60_000));
    await before.schedule(deadline('gone', 50));
    await before.cancel('gone');
    before.close(); // never started: it was down when they came due
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { sent, queue } = sink();
    const after = new EmbeddedDeadlineScheduler(queue, { dataDir });
    expect(after.scheduled().map((pending) => pending.name)).toEqual(['due-while-down', 'later']);
    after.start();
    await until(() => sent.length === 1);
    expect(sent[0]?.body).toBe('due-while-down');
    await after.stop();
    after.close();
    const again = new EmbeddedDeadlineScheduler(sink().queue, { dataDir });
    expect(again.scheduled().map((pending) => pending.name)).toEqual(['later']);
    again.close();
  });

  it('tries a failed send again, and fires it once the queue answers', async () => {
    const sent: string[] = [];
    let down = true;
    const queue = {
      send: async (message: OutgoingMessage) => {
        if (down) throw new Error('queue down');
        sent.push(message.body);
      },
    };
    const errors: unknown[] = [];
    const scheduler = new EmbeddedDeadlineScheduler(queue, { onError: (error) => errors.push(error) });
    scheduler.start();
    await scheduler.schedule(deadline('retry', 10));
    await until(() => errors.length > 0);
    down = false;
    await until(() => sent.length === 1, 3_000);
    expect(sent).toEqual(['retry']);
    await scheduler.stop();
  });
});
