/**
 * The operator's API of a context, against `npm start` with auth on: projections with their
 * generations and positions, a rebuild held for a manual switch, dead letters listed and redriven
 * from the embedded queues the running runtime owns, process managers with their deadlines, the
 * live tail over the WebSocket, and `_whoami`. Readers read, admins act; bad input changes nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '#adapters/auth/hs256Tokens';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { deadLetterOf } from '#application/deadLetter';
import { localJwtSecret } from '../../local/devSecret';
import { type JsonResponse, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';
import { connectSocket } from '../support/socketClient';
import { until } from '../support/until';

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-operations-'));
let runtime: RuntimeProcess;
let admin = '';
let reader = '';

const call = async (method: string, path: string, token?: string, body?: unknown): Promise<JsonResponse> => {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
};
const code = (response: JsonResponse) => [response.status, response.json.error?.code];
const command = (type: string, aggregateId: string, payload: unknown) =>
  call('POST', '/v1/default/commands', admin, { type, aggregateId, payload });

/** A dead letter as the projection worker writes it, for an event that was never projected. */
const projectionLetter = (aggregateId: string, title: string, context = 'default') => {
  const streamKey = `${context}#todoList#${aggregateId}`;
  const event = {
    streamKey,
    context,
    aggregateType: 'todoList',
    aggregateId,
    type: 'TodoListCreated',
    version: 1,
    schemaVersion: 1,
    committedAt: '2026-03-01T09:59:00.000Z',
    data: { title, createdAt: '2026-03-01T09:59:00.000Z' },
  };
  const message = { receiveCount: 3, groupId: streamKey, dedupId: `${streamKey}:1`, body: JSON.stringify(event) };
  const letter = deadLetterOf(new Error('view store unreachable'), message, new Date('2026-03-01T10:00:00Z'));
  return { groupId: streamKey, dedupId: `dead:${streamKey}`, body: JSON.stringify(letter) };
};

beforeAll(async () => {
  // Seeded before the runtime takes the data directory: while it runs, only its API reaches them.
  const letters = new EmbeddedFifoQueue({ name: 'projections-dlq', dataDir });
  await letters.send(projectionLetter('rescued', 'Rescued'));
  await letters.send(projectionLetter('second', 'Second'));
  await letters.send(projectionLetter('elsewhere', 'Other', 'other'));
  letters.close();
  runtime = await startRuntimeProcess({ CAIRN_AUTH: 'on', CAIRN_DATA_DIR: dataDir, CAIRN_CONTEXTS: 'default,other' });
  const secret = localJwtSecret(dataDir);
  admin = await mintToken(secret, { subject: 'ops', roles: { default: 'admin', other: 'admin' } });
  reader = await mintToken(secret, { subject: 'watcher', roles: { default: 'reader' } });
  expect((await command('CreateTodoList', 'l1', { title: 'One' })).status).toBe(200);
  expect((await command('AddTodo', 'l1', { todoId: 't1', text: 'Milk' })).status).toBe(200);
  expect((await command('CreateTodoList', 'l2', { title: 'Two' })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await runtime?.stop();
});

describe('who the token is', () => {
  it('answers the subject and roles of any valid token, 401 without one', async () => {
    expect((await call('GET', '/v1/_whoami', reader)).json).toEqual({
      subject: 'watcher',
      roles: { default: 'reader' },
      expiresAt: expect.any(Number),
    });
    expect(code(await call('GET', '/v1/_whoami'))).toEqual([401, 'UNAUTHENTICATED']);
    expect(code(await call('POST', '/v1/_whoami', reader, {}))).toEqual([405, 'METHOD_NOT_ALLOWED']);
  });
});

describe('projections', () => {
  it("lists each projection's generation and its position against the event store, for readers", async () => {
    await until(async () => {
      const { json } = await call('GET', '/v1/default/_admin/projections', reader);
      const todoList = json.projections.find((projection: { name: string }) => projection.name === 'todoList');
      return todoList?.generations[0]?.position === 3;
    });
    const { json } = await call('GET', '/v1/default/_admin/projections', reader);
    expect(json.projections.find((projection: { name: string }) => projection.name === 'todoList')).toEqual({
      name: 'todoList',
      sources: ['todoList'],
      versioning: 'aggregate',
      head: { streams: 2, events: 3 },
      generations: [{ generation: 1, storedName: 'todoList', role: 'live', position: 3, views: 2, streamsBehind: 0 }],
      partial: false,
    });
    expect(code(await call('GET', '/v1/nope/_admin/projections', admin))).toEqual([403, 'FORBIDDEN']);
    expect(code(await call('GET', '/v1/other/_admin/projections', reader))).toEqual([403, 'FORBIDDEN']);
  });

  it('holds a manual rebuild until an admin switches to it; a reader may not, bad input changes nothing', async () => {
    const base = '/v1/default/_admin/projections/todoList';
    expect(code(await call('POST', `${base}/rebuild`, admin, { switch: 'later' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await call('POST', `${base}/switch`, admin, { generation: 2 }))).toEqual([
      409,
      'GENERATION_NOT_SWITCHABLE',
    ]);
    expect((await call('POST', `${base}/rebuild`, admin, { switch: 'manual' })).status).toBe(202);
    await until(async () => (await call('GET', `${base}/rebuild`, admin)).json.state === 'built', 10_000);
    const listed = await call('GET', '/v1/default/_admin/projections', reader);
    const generations = listed.json.projections.find((p: { name: string }) => p.name === 'todoList').generations;
    expect(generations.map((g: { role: string; position?: number }) => [g.role, g.position])).toEqual([
      ['built', 3],
      ['live', 3],
    ]);
    expect(code(await call('POST', `${base}/rebuild`, admin))).toEqual([409, 'REBUILD_IN_PROGRESS']);
    expect(code(await call('POST', `${base}/switch`, reader, { generation: 2 }))).toEqual([403, 'FORBIDDEN']);
    expect(code(await call('POST', `${base}/switch`, admin, { generation: 'two' }))).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    expect(code(await call('POST', `${base}/switch`, admin, '{not json'))).toEqual([400, 'INVALID_JSON']);
    expect(code(await call('POST', '/v1/default/_admin/projections/nope/switch', admin, { generation: 2 }))).toEqual([
      404,
      'UNKNOWN_PROJECTION',
    ]);
    const switched = await call('POST', `${base}/switch`, admin, { generation: 2 });
    expect(switched.json).toMatchObject({ live: 'todoList@2', generation: 2 });
    expect(switched.json.building).toBeUndefined();
    expect((await call('GET', '/v1/default/views/todoList/l1', reader)).json).toMatchObject({ version: 2 });
  });
});

describe('dead letters', () => {
  it("lists the context's letters with their failed message and error, readers included; other contexts' stay out", async () => {
    const { status, json } = await call('GET', '/v1/default/_admin/dead-letters/projections', reader);
    expect(status).toBe(200);
    expect(json.complete).toBe(true);
    expect(json.letters.map((letter: { summary: string }) => letter.summary)).toEqual([
      'TodoListCreated v1 of default#todoList#rescued',
      'TodoListCreated v1 of default#todoList#second',
    ]);
    expect(json.letters[0]).toMatchObject({
      reason: 'Error: view store unreachable',
      receiveCount: 3,
      message: { data: { title: 'Rescued' } },
    });
    expect(code(await call('GET', '/v1/default/_admin/dead-letters/commands', reader))).toEqual([404, 'UNKNOWN_QUEUE']);
    expect(code(await call('GET', '/v1/default/_admin/dead-letters/projections?limit=0', reader))).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    expect((await call('GET', '/v1/default/_admin/dead-letters/processes', reader)).json.letters).toEqual([]);
  });

  it('redrives one by id, then all, for admins only: each reaches its view, the other context keeps its own', async () => {
    const path = '/v1/default/_admin/dead-letters/projections';
    const [first, second] = (await call('GET', path, admin)).json.letters;
    expect(code(await call('POST', `${path}/redrive`, reader, { all: true }))).toEqual([403, 'FORBIDDEN']);
    for (const bad of [{}, { ids: [] }, { all: false }, { ids: [first.id], all: true }]) {
      expect(code(await call('POST', `${path}/redrive`, admin, bad))).toEqual([400, 'VALIDATION_FAILED']);
    }
    const one = await call('POST', `${path}/redrive`, admin, { ids: [first.id, 'no-such-letter'] });
    expect(one.json).toMatchObject({ redriven: [first.id], missing: ['no-such-letter'] });
    await until(async () => (await call('GET', '/v1/default/views/todoList/rescued', reader)).status === 200);
    expect((await call('GET', path, admin)).json.letters.map((letter: { id: string }) => letter.id)).toEqual([
      second.id,
    ]);
    expect((await call('POST', `${path}/redrive`, admin, { all: true })).json.redriven).toEqual([second.id]);
    await until(async () => (await call('GET', '/v1/default/views/todoList/second', reader)).status === 200);
    expect((await call('GET', '/v1/other/_admin/dead-letters/projections', admin)).json.letters).toHaveLength(1);
  });
});

describe('process managers', () => {
  it('lists each manager with its instances and their pending deadlines', async () => {
    expect((await command('CompleteTodo', 'l1', { todoId: 't1' })).status).toBe(200);
    await until(async () => {
      const { json } = await call('GET', '/v1/default/_admin/processes', reader);
      const archive = json.processes.find((manager: { name: string }) => manager.name === 'archiveWhenDone');
      return archive?.instances.some((instance: { deadlines: unknown[] }) => instance.deadlines.length === 1);
    });
    const { json } = await call('GET', '/v1/default/_admin/processes?limit=1', reader);
    const archive = json.processes.find((manager: { name: string }) => manager.name === 'archiveWhenDone');
    expect(archive.instances[0]).toMatchObject({
      key: 'l1',
      deadlines: [{ name: 'archive', dueAt: expect.any(String) }],
    });
    expect(archive.more).toBe(true);
    expect(code(await call('GET', '/v1/default/_admin/processes?limit=500', reader))).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
  });
});

describe('the live tail', () => {
  it("pushes every event of the socket's context to a reader that sent tail, and stops on untail", async () => {
    const socket = await connectSocket(`${runtime.url.replace('http', 'ws')}/ws?context=default`, ['cairn', reader]);
    socket.send({ action: 'tail' });
    expect(await socket.next((frame) => frame.type === 'tailing')).toEqual({ type: 'tailing', context: 'default' });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the workers' one-second cache
    await command('RenameTodoList', 'l1', { title: 'Renamed' });
    const event = await socket.next((frame) => frame.type === 'event');
    expect(event).toMatchObject({
      streamKey: 'default#todoList#l1',
      eventType: 'TodoListRenamed',
      data: { title: 'Renamed' },
    });
    socket.send({ action: 'tail', extra: 1 });
    expect(await socket.next((frame) => frame.type === 'error')).toMatchObject({ code: 'VALIDATION_FAILED' });
    socket.send({ action: 'untail' });
    await socket.next((frame) => frame.type === 'untailed');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await command('RenameTodoList', 'l1', { title: 'Quiet' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(socket.frames.filter((frame) => frame.type === 'event')).toHaveLength(1);
    await socket.close();
  });
});
