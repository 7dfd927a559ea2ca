/**
 * Live collections over WebSocket: a socket subscribed to a projection's collection (whole, or
 * one filter value) gets its first page at once, then every member change; a member whose
 * filter value changes leaves the old value's collection with `memberRemoved`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { postJson } from '../support/localRuntimeProcess';
import { connectSocket, type SocketClient } from '../support/socketClient';

let runtime: LocalRuntime;
const open: SocketClient[] = [];
const socket = async () => {
  const client = await connectSocket(`${runtime.wsUrl}?context=default`);
  open.push(client);
  return client;
};
const command = (type: string, aggregateId: string, payload: unknown) =>
  postJson(`${runtime.url}/v1/default/commands`, { type, aggregateId, payload });

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, contexts: new Set(['default']), log: () => {} });
});
afterAll(async () => {
  await Promise.all(open.map((client) => client.close()));
  await runtime?.close();
});

describe('live collections over WebSocket', () => {
  it('answers with the first page, then pushes every member change, new members included', async () => {
    expect((await command('CreateTodoList', 'col-a', { title: 'Alpha' })).status).toBe(200);
    const client = await socket();
    // The view must be there before the page is read: wait for it over REST first.
    await fetch(`${runtime.url}/v1/default/views/todoList/col-a?minVersion=1`);
    client.send({ action: 'subscribe', projection: 'todoList' });
    expect(await client.next((frame) => frame.type === 'subscribed')).toEqual({
      type: 'subscribed',
      projection: 'todoList',
      collection: true,
      more: false,
      position: expect.any(String),
    });
    expect(await client.next((frame) => frame.type === 'view' && frame.key === 'col-a')).toMatchObject({ version: 1 });
    expect((await command('CreateTodoList', 'col-b', { title: 'Beta' })).status).toBe(200);
    expect(await client.next((frame) => frame.type === 'view' && frame.key === 'col-b')).toMatchObject({
      version: 1,
      data: { title: 'Beta' },
    });
    await command('AddTodo', 'col-a', { todoId: 't1', text: 'milk' });
    expect(
      await client.next((frame) => frame.type === 'view' && frame.key === 'col-a' && frame.version === 2),
    ).toMatchObject({
      data: { openCount: 1 },
    });
  });

  it('keeps a filtered collection to its members: joining pushes, leaving says memberRemoved', async () => {
    const client = await socket();
    client.send({ action: 'subscribe', projection: 'todoList', filter: 'archived:false' });
    expect(await client.next((frame) => frame.type === 'subscribed')).toMatchObject({ filter: 'archived:false' });
    expect((await command('CreateTodoList', 'col-c', { title: 'Gamma' })).status).toBe(200);
    expect(await client.next((frame) => frame.type === 'view' && frame.key === 'col-c')).toMatchObject({ version: 1 });
    const archived = await command('ArchiveTodoList', 'col-c', {});
    expect(await client.next((frame) => frame.type === 'memberRemoved' && frame.key === 'col-c')).toEqual({
      type: 'memberRemoved',
      projection: 'todoList',
      key: 'col-c',
      version: archived.json.version,
      filter: 'archived:false',
      updatedAt: expect.any(String),
    });
    // The archived one's collection has it; the open one's does not any more.
    const other = await socket();
    other.send({ action: 'subscribe', projection: 'todoList', filter: 'archived:true' });
    await other.next((frame) => frame.type === 'subscribed');
    expect(await other.next((frame) => frame.type === 'view' && frame.key === 'col-c')).toMatchObject({
      data: { archived: true },
    });
  });

  it('resumes from the position it had: what changed while it was away, beyond the first page too', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `res-${String(i).padStart(2, '0')}`);
    for (const id of ids) expect((await command('CreateTodoList', id, { title: id })).status).toBe(200);
    await fetch(`${runtime.url}/v1/default/views/todoLists/res-59?minVersion=1`);
    const first = await socket();
    first.send({ action: 'subscribe', projection: 'todoLists' });
    const subscribed = await first.next((frame) => frame.type === 'subscribed');
    expect(subscribed).toMatchObject({ collection: true, more: true });
    await first.close();

    // While it is away: one member past the first page changes, one in it is renamed.
    await command('AddTodo', 'res-59', { todoId: 't1', text: 'away' });
    await command('RenameTodoList', 'res-03', { title: 'renamed away' });
    await fetch(`${runtime.url}/v1/default/views/todoLists/res-59?minVersion=2`);
    await fetch(`${runtime.url}/v1/default/views/todoLists/res-03?minVersion=2`);

    const back = await socket();
    back.send({ action: 'subscribe', projection: 'todoLists', since: subscribed.position });
    const resumed = await back.next((frame) => frame.type === 'subscribed');
    expect(resumed).toMatchObject({ collection: true, more: false, position: expect.any(String) });
    expect(resumed.reset).toBeUndefined();
    await back.next((frame) => frame.type === 'view' && frame.key === 'res-59' && frame.version === 2);
    await back.next((frame) => frame.type === 'view' && frame.key === 'res-03' && frame.data.title === 'renamed away');
    // Only what changed from a little before the position on (the margin), never the whole collection.
    const views = back.frames.filter((frame) => frame.type === 'view');
    const from = Date.parse(subscribed.position) - 5_000;
    expect(views.every((frame) => Date.parse(frame.updatedAt) >= from)).toBe(true);
    expect(views.length).toBeLessThanOrEqual(100);
  });

  it('refuses a since that is no time, and since with a key or fromVersion without one', async () => {
    const client = await socket();
    client.send({ action: 'subscribe', projection: 'todoLists', since: 'yesterday' });
    expect(await client.next((frame) => frame.type === 'error')).toMatchObject({ code: 'VALIDATION_FAILED' });
    client.send({ action: 'subscribe', projection: 'todoLists', key: 'res-01', since: new Date().toISOString() });
    expect(await client.next((frame) => frame.type === 'error')).toMatchObject({ code: 'VALIDATION_FAILED' });
    client.send({ action: 'subscribe', projection: 'todoLists', fromVersion: 3 });
    expect(await client.next((frame) => frame.type === 'error')).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses a filter the projection does not declare, and a key with a filter', async () => {
    const client = await socket();
    client.send({ action: 'subscribe', projection: 'todoList', filter: 'title:Alpha' });
    expect(await client.next((frame) => frame.type === 'error')).toMatchObject({ code: 'VALIDATION_FAILED' });
    client.send({ action: 'subscribe', projection: 'todoList', key: 'col-a', filter: 'archived:false' });
    expect(await client.next((frame) => frame.type === 'error')).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    client.send({ action: 'unsubscribe', projection: 'todoList' });
    expect(await client.next((frame) => frame.type === 'unsubscribed')).toEqual({
      type: 'unsubscribed',
      projection: 'todoList',
      collection: true,
    });
  });
});
