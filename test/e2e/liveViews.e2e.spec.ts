import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { postJson } from '../support/localRuntimeProcess';
import { connectSocket, type SocketClient } from '../support/socketClient';
import { until } from '../support/until';

// The runtime in this process (real HTTP and WebSocket servers, real sockets), so that the test
// can look into its connection registry.
let runtime: LocalRuntime;
const registry = new EmbeddedConnectionRegistry();
const open: SocketClient[] = [];
const socket = async (context = 'default') => {
  const client = await connectSocket(`${runtime.wsUrl}?context=${context}`);
  open.push(client);
  return client;
};
const command = (body: unknown) => postJson(`${runtime.url}/v1/default/commands`, body);
const create = (id: string) => command({ type: 'CreateTodoList', aggregateId: id, payload: { title: id } });
const add = (id: string, todoId: string) =>
  command({ type: 'AddTodo', aggregateId: id, payload: { todoId, text: todoId } });
const viewOf = (key: string, version?: number) => (frame: { type: string; key: string; version: number }) =>
  frame.type === 'view' && frame.key === key && (version === undefined || frame.version === version);

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, registry, contexts: new Set(['default', 'shop']), log: () => {} });
});
afterAll(async () => {
  await Promise.all(open.map((client) => client.close()));
  await runtime?.close();
});

describe('live views over WebSocket', () => {
  it('pushes the view after a REST command, carrying the version of the command answer', async () => {
    await create('live-1');
    const client = await socket();
    client.send({ action: 'subscribe', projection: 'todoList', key: 'live-1' });
    expect(await client.next((frame) => frame.type === 'subscribed')).toEqual({
      type: 'subscribed',
      projection: 'todoList',
      key: 'live-1',
    });
    expect(await client.next(viewOf('live-1'))).toMatchObject({ version: 1, data: { title: 'live-1' } });
    const answer = await add('live-1', 'milk');
    const pushed = await client.next(viewOf('live-1', answer.json.version));
    expect(pushed).toMatchObject({ type: 'view', projection: 'todoList', version: 2, data: { openCount: 1 } });
    expect(Object.keys(pushed).sort()).toEqual(['data', 'key', 'projection', 'type', 'updatedAt', 'version']);
  });

  it('pushes a JSON Patch from the version before to a subscriber that asks for patches', async () => {
    await create('live-patch');
    const client = await socket();
    client.send({ action: 'subscribe', projection: 'todoList', key: 'live-patch', patches: true });
    await client.next(viewOf('live-patch', 1));
    await add('live-patch', 'milk');
    const pushed = await client.next((frame) => frame.type === 'viewPatch' && frame.key === 'live-patch');
    expect(pushed).toMatchObject({ projection: 'todoList', baseVersion: 1, version: 2 });
    expect(pushed.patch).toContainEqual({
      op: 'add',
      path: '/todos/0',
      value: { todoId: 'milk', text: 'milk', priority: 'normal', done: false },
    });
  });

  it('shows one client the command another sent over its socket', async () => {
    await create('live-2');
    const [a, b] = [await socket(), await socket()];
    for (const client of [a, b]) {
      client.send({ action: 'subscribe', projection: 'todoList', key: 'live-2' });
      await client.next(viewOf('live-2', 1));
    }
    b.send({
      action: 'command',
      requestId: 'req-1',
      command: { type: 'AddTodo', aggregateId: 'live-2', payload: { todoId: 'x', text: 'from b' } },
      expectedVersion: 1,
    });
    expect(await b.next((frame) => frame.type === 'commandResult')).toMatchObject({
      type: 'commandResult',
      requestId: 'req-1',
      status: 200,
      aggregateId: 'live-2',
      version: 2,
      events: [{ type: 'TodoAdded', version: 2 }],
    });
    for (const client of [a, b]) {
      expect(await client.next(viewOf('live-2', 2))).toMatchObject({ data: { todos: [{ todoId: 'x' }] } });
    }
    b.send({
      action: 'command',
      requestId: 'req-2',
      command: { type: 'AddTodo', aggregateId: 'live-2', payload: { todoId: 'y', text: 'stale' } },
      expectedVersion: 1,
    });
    expect(await b.next((frame) => frame.requestId === 'req-2')).toMatchObject({
      type: 'commandResult',
      status: 409,
      error: { code: 'VERSION_CONFLICT', currentVersion: 2 },
    });
  });

  it('resumes from the version a reconnecting client last saw, with no gap and no duplicate', async () => {
    await create('live-3');
    const first = await socket();
    first.send({ action: 'subscribe', projection: 'todoList', key: 'live-3' });
    const seen = (await first.next(viewOf('live-3', 1))).version;
    await first.close();
    await add('live-3', 'a');
    await add('live-3', 'b'); // both happen while the client is away
    const again = await socket();
    again.send({ action: 'subscribe', projection: 'todoList', key: 'live-3', fromVersion: seen });
    expect(await again.next(viewOf('live-3'))).toMatchObject({ version: 3, data: { openCount: 2 } });
    const current = await socket();
    current.send({ action: 'subscribe', projection: 'todoList', key: 'live-3', fromVersion: 3 });
    await current.next((frame) => frame.type === 'subscribed');
    await add('live-3', 'c');
    expect(await current.next(viewOf('live-3'))).toMatchObject({ version: 4 });
    expect(current.frames.filter((frame) => frame.type === 'view').map((frame) => frame.version)).toEqual([4]);
  });

  it('prunes a connection that is gone (410) and removes a closed one with its subscriptions', async () => {
    await create('live-4');
    // A connection whose $disconnect never arrived: registered, subscribed, but no socket.
    await registry.connect({
      connectionId: 'ghost',
      context: 'default',
      principal: 'anonymous',
      connectedAt: new Date().toISOString(),
      expiresAt: 4_000_000_000,
    });
    await registry.subscribe({ connectionId: 'ghost', context: 'default', projection: 'todoList', key: 'live-4' }, 0);
    const client = await socket();
    client.send({ action: 'subscribe', projection: 'todoList', key: 'live-4' });
    await client.next(viewOf('live-4', 1));
    expect(await registry.subscribers('default', 'todoList', 'live-4')).toHaveLength(2);
    await add('live-4', 'a');
    await client.next(viewOf('live-4', 2));
    // The ghost's push goes through the management API, which answers 410: it is pruned then.
    await until(async () => (await registry.get('ghost')) === undefined);
    expect(await registry.subscribers('default', 'todoList', 'live-4')).toHaveLength(1);
    await client.close();
    for (let i = 0; i < 100 && (await registry.subscribers('default', 'todoList', 'live-4')).length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await registry.subscribers('default', 'todoList', 'live-4')).toEqual([]);
  });

  it('answers malformed frames with error frames and keeps the connection open', async () => {
    const client = await socket();
    const cases: [unknown, string][] = [
      ['{not json', 'INVALID_JSON'],
      [{ action: 'dance' }, 'UNKNOWN_ACTION'],
      [{ noAction: true }, 'UNKNOWN_ACTION'],
      // (Without a key it is a collection's subscription; a filter the projection does not declare is refused.)
      [{ action: 'subscribe', projection: 'todoList', filter: 'nofield:x' }, 'VALIDATION_FAILED'],
      [{ action: 'subscribe', projection: 'todoList', key: 'a#b' }, 'VALIDATION_FAILED'],
      [{ action: 'subscribe', projection: 'todoList', key: 'k', fromVersion: -1 }, 'VALIDATION_FAILED'],
      [{ action: 'subscribe', projection: 'nope', key: 'k' }, 'UNKNOWN_PROJECTION'],
      [{ action: 'command', requestId: 'r', command: { type: 'Nope', aggregateId: 'x' } }, 'UNKNOWN_COMMAND'],
      [{ action: 'ping', extra: 1 }, 'VALIDATION_FAILED'],
      [JSON.stringify({ action: 'ping', pad: 'x'.repeat(200_000) }), 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [frame, code] of cases) {
      client.send(frame);
      const answer = await client.next((received) => received.type === 'error' || received.type === 'commandResult');
      expect([frame, answer.error?.code ?? answer.code]).toEqual([frame, code]);
    }
    client.send({ action: 'ping' });
    expect(await client.next((frame) => frame.type === 'pong')).toEqual({ type: 'pong' });
  });

  it('refuses a connection to a context that does not exist', async () => {
    await expect(socket('nowhere')).rejects.toThrow(/refused with 404/);
  });

  it('fans one change out to 1,000 subscribed connections: each receives it, none twice', async () => {
    await create('fanout');
    const clients = await Promise.all(Array.from({ length: 1000 }, () => socket()));
    await Promise.all(
      clients.map(async (client) => {
        client.send({ action: 'subscribe', projection: 'todoList', key: 'fanout', fromVersion: 1 });
        await client.next((frame) => frame.type === 'subscribed', 20_000);
      }),
    );
    await add('fanout', 'everyone');
    await Promise.all(clients.map((client) => client.next(viewOf('fanout', 2), 20_000)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const counts = clients.map((client) => client.frames.filter((frame) => frame.type === 'view').length);
    expect(counts.every((count) => count === 1)).toBe(true);
    await Promise.all(clients.map((client) => client.close()));
  }, 60_000);
});
