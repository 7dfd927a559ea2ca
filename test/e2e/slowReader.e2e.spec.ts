/**
 * A WebSocket client that stops reading holds up nobody: pushes to it are queued up to a bound
 * without waiting for it, the event flow and every other client go on, and once its buffer is
 * full it is closed with 1013; reconnecting from the versions it saw brings it back with no gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { getJson, postJson } from '../support/localRuntimeProcess';
import { connectSocket, type Frame } from '../support/socketClient';

let runtime: LocalRuntime;
const registry = new EmbeddedConnectionRegistry();
const BIG_LISTS = ['big-0', 'big-1', 'big-2', 'big-3'];

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, registry, log: () => {} });
});
afterAll(async () => {
  await runtime?.close();
});

const command = async (aggregateId: string, type: string, payload: unknown) => {
  const answer = await postJson(`${runtime.url}/v1/default/commands`, { type, aggregateId, payload });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json.version as number;
};

describe('a client that stops reading its socket', () => {
  it('is closed with 1013 once its buffer is full, while views and other clients go on; it resumes with no gap', {
    timeout: 120_000,
  }, async () => {
    // Four lists of ~28 KB each: every change pushes a whole view frame (under the 32 KB frame).
    const newest = new Map<string, number>();
    for (const list of BIG_LISTS) {
      await command(list, 'CreateTodoList', { title: list });
      for (let i = 0; i < 55; i++) {
        newest.set(list, await command(list, 'AddTodo', { todoId: `t${i}`, text: `${i} ${'x'.repeat(490)}` }));
      }
    }
    await command('small', 'CreateTodoList', { title: 'small' });

    const slow = await connectSocket(`${runtime.wsUrl}?context=default`);
    const seen = new Map<string, number>();
    slow.socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      if (frame.type === 'view') seen.set(frame.key, Math.max(seen.get(frame.key) ?? 0, frame.version));
    });
    for (const key of BIG_LISTS) {
      slow.send({ action: 'subscribe', projection: 'todoList', key });
      await slow.next((frame) => frame.type === 'view' && frame.key === key);
    }
    const fast = await connectSocket(`${runtime.wsUrl}?context=default`);
    fast.send({ action: 'subscribe', projection: 'todoList', key: 'small' });
    await fast.next((frame) => frame.type === 'view' && frame.key === 'small');
    expect(registry.size).toBe(2);

    // The slow client stops reading: its kernel buffers fill, then the gateway's.
    slow.socket.pause();
    let slowClosedAt: number | undefined;
    for (let round = 0; round < 1500 && slowClosedAt === undefined; round++) {
      const list = BIG_LISTS[round % BIG_LISTS.length] ?? 'big-0';
      newest.set(list, await command(list, 'RenameTodoList', { title: `${list} ${round} ${'y'.repeat(150)}` }));
      if (round % 20 === 0) {
        // Meanwhile another client's push and a read-your-writes query are as prompt as ever.
        const version = await command('small', 'AddTodo', { todoId: `s${round}`, text: `round ${round}` });
        await fast.next((frame) => frame.type === 'view' && frame.key === 'small' && frame.version === version, 3_000);
        const view = await getJson(`${runtime.url}/v1/default/views/todoList/small?minVersion=${version}`);
        expect(view.status).toBe(200);
      }
      if (registry.size === 1) slowClosedAt = round;
    }
    expect(slowClosedAt, 'the slow reader was never closed').toBeDefined();

    // Reading again, it gets what was queued and then the close, with 1013 (try again later).
    const closed = new Promise<number>((resolve) => slow.socket.once('close', (code) => resolve(code)));
    slow.socket.resume();
    expect(await closed).toBe(1013);

    // It resubscribes from the versions it saw and is sent the newest of each it lacks: no gap.
    const lacking = BIG_LISTS.filter((key) => (seen.get(key) ?? 0) < (newest.get(key) ?? 0));
    expect(lacking.length, 'the close came before the client had read every change').toBeGreaterThan(0);
    const again = await connectSocket(`${runtime.wsUrl}?context=default`);
    for (const key of BIG_LISTS) {
      again.send({ action: 'subscribe', projection: 'todoList', key, fromVersion: seen.get(key) ?? 0 });
    }
    again.send({ action: 'ping' });
    await again.next((frame) => frame.type === 'pong');
    const resent = again.frames.filter((frame) => frame.type === 'view');
    expect(resent.map((frame) => frame.key).sort()).toEqual(lacking.sort());
    for (const frame of resent) expect(frame.version).toBe(newest.get(frame.key));
    await Promise.all([again.close(), fast.close()]);
  });
});
