/**
 * Two contexts in one runtime, the same ids in both: nothing crosses. Streams, versions, views,
 * the bus, pushes and access are each scoped by context.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hs256Verifier, mintToken } from '#adapters/auth/hs256Tokens';
import type { EmbeddedEventBus } from '#adapters/embedded/embeddedEventBus';
import type { Role } from '#application/access';
import type { BusEvent } from '#ports/eventBus';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { getJson, type JsonResponse, postJson } from '../support/localRuntimeProcess';
import { connectSocket, type SocketClient } from '../support/socketClient';

const secret = new TextEncoder().encode('separation-suite-secret-0123456789abcdef');
let runtime: LocalRuntime;
const open: SocketClient[] = [];
const published: BusEvent[] = [];
const tokens: Record<string, string> = {};
const grant = (roles: Record<string, Role>) => mintToken(secret, { subject: 'sep', roles });

const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
const command = (context: string, who: string, body: unknown) =>
  postJson(`${runtime.url}/v1/${context}/commands`, body, as(who));
const get = async (path: string, who: string): Promise<JsonResponse> => {
  const response = await fetch(`${runtime.url}${path}`, { headers: as(who) });
  return { status: response.status, headers: response.headers, json: await response.json() };
};

beforeAll(async () => {
  runtime = await startLocalRuntime({
    port: 0,
    contexts: new Set(['default', 'shop']),
    verify: hs256Verifier(secret),
    log: () => {},
  });
  const bus = runtime.projectionAdapters?.bus as EmbeddedEventBus | undefined;
  if (!bus) throw new Error('the runtime has no event flow');
  bus.subscribe((event) => published.push(event));
  tokens.default = await grant({ default: 'writer' });
  tokens.shop = await grant({ shop: 'writer' });
});
afterAll(async () => {
  await Promise.all(open.map((client) => client.close()));
  await runtime?.close();
});

describe('contexts share nothing', () => {
  it('keeps one aggregate id in two contexts as two streams, two version sequences, two views', async () => {
    const create = (title: string) => ({ type: 'CreateTodoList', aggregateId: 'same', payload: { title } });
    expect((await command('default', 'default', create('Default list'))).json).toMatchObject({ version: 1 });
    expect((await command('shop', 'shop', create('Shop list'))).json).toMatchObject({ version: 1 });
    const add = { type: 'AddTodo', aggregateId: 'same', payload: { todoId: 't', text: 'only in shop' } };
    expect((await command('shop', 'shop', add)).json).toMatchObject({ version: 2 });

    const history = async (context: string) =>
      (await get(`/v1/${context}/aggregates/todoList/same/events`, context)).json.events.map(
        (event: { type: string; version: number }) => `${event.type}@${event.version}`,
      );
    expect(await history('default')).toEqual(['TodoListCreated@1']);
    expect(await history('shop')).toEqual(['TodoListCreated@1', 'TodoAdded@2']);
    const view = async (context: string, path: string, minVersion = 0) =>
      (await get(`/v1/${context}/views/${path}?minVersion=${minVersion}`, context)).json;
    expect(await view('default', 'todoList/same', 1)).toMatchObject({
      version: 1,
      data: { title: 'Default list', openCount: 0 },
    });
    expect(await view('shop', 'todoList/same', 2)).toMatchObject({
      version: 2,
      data: { title: 'Shop list', openCount: 1 },
    });
    const summaries = await get('/v1/default/views/todoLists', 'default');
    expect(
      summaries.json.items.map((item: { key: string; data: { title: string } }) => [item.key, item.data.title]),
    ).toEqual([['same', 'Default list']]);
  });

  it('publishes each event on the bus under its own context', () => {
    const sources = published.map((event) => `${event.source} ${event.detail.id}`).sort();
    expect(sources).toEqual([
      'cairn.default default#todoList#same:1',
      'cairn.shop shop#todoList#same:1',
      'cairn.shop shop#todoList#same:2',
    ]);
  });

  it("pushes a change to subscribers of its own context only, never to the other context's same view", async () => {
    const client = await connectSocket(`${runtime.wsUrl}?context=default&token=${tokens.default}`);
    open.push(client);
    client.send({ action: 'subscribe', projection: 'todoList', key: 'same' });
    await client.next((frame) => frame.type === 'view' && frame.version === 1);
    await command('shop', 'shop', {
      type: 'AddTodo',
      aggregateId: 'same',
      payload: { todoId: 'u', text: 'shop again' },
    });
    // A change in default is the barrier: its push arrives after anything shop's change could have sent.
    await command('default', 'default', {
      type: 'AddTodo',
      aggregateId: 'same',
      payload: { todoId: 'd', text: 'mine' },
    });
    const pushed = await client.next((frame) => frame.type === 'view');
    expect(pushed).toMatchObject({ version: 2, data: { title: 'Default list', openCount: 1 } });
    expect(client.frames.filter((frame) => frame.type === 'view').map((frame) => frame.data.title)).toEqual([
      'Default list',
      'Default list',
    ]);
    // The context is the connection's: a frame cannot name another one.
    client.send({ action: 'subscribe', projection: 'todoList', key: 'same', context: 'shop' });
    expect(await client.next((frame) => frame.type === 'error')).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it("refuses a token in the other context, over REST and at the socket's connect", async () => {
    const crossing = await command('shop', 'default', {
      type: 'AddTodo',
      aggregateId: 'same',
      payload: { todoId: 'x', text: 'x' },
    });
    expect([crossing.status, crossing.json.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await get('/v1/shop/views/todoList/same', 'default')).status).toBe(403);
    await expect(connectSocket(`${runtime.wsUrl}?context=shop&token=${tokens.default}`)).rejects.toThrow(/403/);
    expect((await getJson(`${runtime.url}/v1/shop/views/todoList/same`)).status).toBe(401);
  });
});
