import { describe, expect, it } from 'vitest';
import { FrameInbox } from '../../local/sockets/frameInbox';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from '../../local/sockets/socketLimits';

const limits: SocketLimits = {
  ...DEFAULT_SOCKET_LIMITS,
  framesPerSecond: 10,
  burst: 20,
  throttledBeforeClose: 50,
  maxPendingFrames: 8,
};

/** An inbox on a hand-driven clock whose handler finishes only when the test says so. */
const setup = () => {
  let now = 0;
  const handled: string[] = [];
  const waiting: (() => void)[] = [];
  const events: string[] = [];
  const inbox = new FrameInbox(
    limits,
    {
      handle: (body) =>
        new Promise<void>((resolve) => {
          handled.push(body);
          waiting.push(resolve);
        }),
      throttled: () => events.push('throttled'),
      flooding: () => events.push('flooding'),
      pause: () => events.push('pause'),
      resume: () => events.push('resume'),
      log: (error) => events.push(`log ${String(error)}`),
    },
    () => now,
  );
  const finishOne = async () => {
    waiting.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  const tick = (ms: number) => {
    now += ms;
  };
  return { inbox, handled, events, finishOne, tick };
};

describe('a connection’s inbound frames', () => {
  it('are handled one at a time, in order', async () => {
    const { inbox, handled, finishOne } = setup();
    for (const body of ['a', 'b', 'c']) inbox.offer(body);
    expect(handled).toEqual(['a']);
    await finishOne();
    expect(handled).toEqual(['a', 'b']);
    await finishOne();
    await finishOne();
    expect(handled).toEqual(['a', 'b', 'c']);
  });

  it('stop being read once too many wait, and are read again once the handler caught up', async () => {
    const { inbox, events, finishOne } = setup();
    for (let i = 0; i < 9; i++) inbox.offer(`f${i}`);
    expect(inbox.pending).toBe(8);
    expect(events).toEqual(['pause']);
    for (let i = 0; i < 6; i++) await finishOne();
    expect(events).toEqual(['pause']);
    await finishOne(); // a quarter of the bound left waiting
    expect(inbox.pending).toBeLessThanOrEqual(2);
    expect(events).toEqual(['pause', 'resume']);
  });

  it('past the burst are answered THROTTLED and not handled; the bucket refills with time', async () => {
    const { inbox, handled, events, finishOne, tick } = setup();
    for (let i = 0; i < 25; i++) inbox.offer(`f${i}`);
    expect(events.filter((event) => event === 'throttled')).toHaveLength(5);
    for (let i = 0; i < 20; i++) await finishOne();
    expect(handled).toHaveLength(20);
    tick(1000); // 10 more at 10/s
    for (let i = 0; i < 10; i++) inbox.offer(`g${i}`);
    expect(events.filter((event) => event === 'throttled')).toHaveLength(5);
  });

  it('close the connection (flooding) when THROTTLED is ignored, and drop what was queued', async () => {
    const { inbox, handled, events, finishOne } = setup();
    for (let i = 0; i < 20 + 51; i++) inbox.offer(`f${i}`);
    expect(events.at(-1)).toBe('flooding');
    expect(inbox.pending).toBe(0);
    inbox.offer('after');
    await finishOne();
    expect(handled).toEqual(['f0']);
  });

  it('are dropped, not drained, when the connection closes', async () => {
    const { inbox, handled, finishOne } = setup();
    for (let i = 0; i < 5; i++) inbox.offer(`f${i}`);
    const dropped = inbox.drop();
    await finishOne();
    await dropped;
    expect(handled).toEqual(['f0']);
    inbox.offer('late');
    expect(handled).toEqual(['f0']);
  });
});
