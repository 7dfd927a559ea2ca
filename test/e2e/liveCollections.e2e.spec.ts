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
    });
    // The archived one's collection has it; the open one's does not any more.
    const other = await socket();
    other.send({ action: 'subscribe', projection: 'todoList', filter: 'archived:true' });
    await other.next((frame) => frame.type === 'subscribed');
    expect(await other.next((frame) => frame.type === 'view' && frame.key === 'col-c')).toMatchObject({
      data: { archived: true },
    });
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
