/**
 * The local gateway ends connections as API Gateway does (guarantee 9): one that sent nothing
 * for the idle time (10 minutes) and any that reached the connection limit (2 hours), with 1001.
 * The limits are shortened here; the defaults are API Gateway's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { DEFAULT_SOCKET_LIMITS } from '../../local/sockets/socketLimits';
import { postJson } from '../support/localRuntimeProcess';
import { connectSocket } from '../support/socketClient';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, socketLimits: { idleMs: 600, maxConnectionMs: 2_000 }, log: () => {} });
});
afterAll(async () => {
  await runtime?.close();
});

const command = (body: unknown) => postJson(`${runtime.url}/v1/default/commands`, body);

const closeOf = (socket: { once: (event: 'close', listener: (code: number) => void) => unknown }) =>
  new Promise<{ code: number; at: number }>((resolve) =>
    socket.once('close', (code) => resolve({ code, at: Date.now() })),
  );

describe('connection time limits', () => {
  it('are API Gateway’s by default', () => {
    expect(DEFAULT_SOCKET_LIMITS.idleMs).toBe(10 * 60_000);
    expect(DEFAULT_SOCKET_LIMITS.maxConnectionMs).toBe(2 * 3600_000);
  });

  it('close a connection that sends nothing, even while it is pushed to, with 1001', async () => {
    await command({ type: 'CreateTodoList', aggregateId: 'idle-list', payload: { title: 'idle' } });
    const client = await connectSocket(`${runtime.wsUrl}?context=default`);
    client.send({ action: 'subscribe', projection: 'todoList', key: 'idle-list' });
    await client.next((frame) => frame.type === 'view');
    const started = Date.now();
    const closed = closeOf(client.socket);
    let round = 0;
    const changer = setInterval(
      () => void command({ type: 'RenameTodoList', aggregateId: 'idle-list', payload: { title: `idle ${++round}` } }),
      100,
    );
    const { code, at } = await closed;
    clearInterval(changer);
    expect(client.frames.filter((frame) => frame.type === 'view').length).toBeGreaterThan(2);
    expect(code).toBe(1001);
    expect(at - started).toBeGreaterThanOrEqual(500);
    expect(at - started).toBeLessThan(1_900);
  });

  it('keep one that pings alive past the idle time, and close it at the connection limit', async () => {
    const started = Date.now();
    const client = await connectSocket(`${runtime.wsUrl}?context=default`);
    const closed = closeOf(client.socket);
    const pinger = setInterval(() => client.send({ action: 'ping' }), 150);
    const { code, at } = await closed;
    clearInterval(pinger);
    expect(code).toBe(1001);
    expect(at - started).toBeGreaterThanOrEqual(1_900);
    expect(client.frames.filter((frame) => frame.type === 'pong').length).toBeGreaterThan(5);
  });
});
