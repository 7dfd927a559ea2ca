import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFiles, quietDataFiles } from '../support/dataFiles';
import { getJson, postJson, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-e2e-'));
let runtime: RuntimeProcess;
const commands = () => `${runtime.url}/v1/default/commands`;
const history = (id: string) => `${runtime.url}/v1/default/aggregates/todoList/${id}/events`;

beforeAll(async () => {
  runtime = await startRuntimeProcess({ CAIRN_DATA_DIR: dataDir });
});
afterAll(async () => {
  await runtime?.stop();
});

describe('local runtime over real HTTP', () => {
  it('runs the README example: a command and its outcome', async () => {
    const response = await postJson(commands(), {
      type: 'CreateTodoList',
      aggregateId: 'list-1',
      payload: { title: 'Groceries' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.json).toMatchObject({
      aggregateId: 'list-1',
      version: 1,
      events: [{ type: 'TodoListCreated', version: 1, data: { title: 'Groceries' } }],
    });
    expect(typeof response.json.commandId).toBe('string');
    expect((await getJson(`${runtime.url}/health`)).json).toEqual({ status: 'ok' });
  });

  it('applies 50 concurrent commands on one aggregate exactly once, versions 1..N with no gap', async () => {
    await postJson(commands(), { type: 'CreateTodoList', aggregateId: 'busy', payload: { title: 'Busy' } });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postJson(commands(), { type: 'AddTodo', aggregateId: 'busy', payload: { todoId: `t${i}`, text: `todo ${i}` } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    const versions = responses.map((response) => response.json.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    const stored = await getJson(history('busy'));
    expect(stored.json.version).toBe(51);
    expect(stored.json.events.map((event: { version: number }) => event.version)).toEqual(
      Array.from({ length: 51 }, (_, i) => i + 1),
    );
    const todoIds = stored.json.events.slice(1).map((event: { data: { todoId: string } }) => event.data.todoId);
    expect(new Set(todoIds).size).toBe(50);
  });

  it('commits once when the same Idempotency-Key arrives concurrently', async () => {
    await postJson(commands(), { type: 'CreateTodoList', aggregateId: 'idem', payload: { title: 'Idem' } });
    const body = { type: 'AddTodo', aggregateId: 'idem', payload: { todoId: 'once', text: 'only once' } };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postJson(commands(), body, { 'Idempotency-Key': 'same-key-1' })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    for (const response of responses) expect(response.json).toEqual(responses[0]?.json);
    expect((await getJson(history('idem'))).json.version).toBe(2);
  });

  it('runs async commands through the FIFO queue in order per aggregate', async () => {
    const ids = ['a1', 'a2'];
    for (const id of ids)
      await postJson(commands(), { type: 'CreateTodoList', aggregateId: id, payload: { title: id } });
    const accepted = [];
    for (let i = 0; i < 10; i++) {
      for (const id of ids) {
        const body = { type: 'AddTodo', aggregateId: id, payload: { todoId: `t${i}`, text: `step ${i}` } };
        accepted.push(await postJson(commands(), body, { Prefer: 'respond-async' }));
      }
    }
    expect(accepted.every((response) => response.status === 202 && response.json.status === 'accepted')).toBe(true);
    const location = accepted[0]?.headers.get('location') ?? '';
    for (let poll = 0; poll < 100; poll++) {
      const statuses = await Promise.all(
        accepted.map((response) => getJson(`${runtime.url}/v1/default/commands/${response.json.commandId}`)),
      );
      if (statuses.every((status) => status.json.status === 'succeeded')) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    expect((await getJson(`${runtime.url}${location}`)).json).toMatchObject({
      status: 'succeeded',
      result: { version: 2 },
    });
    for (const id of ids) {
      const stored = await getJson(history(id));
      expect(stored.json.events.slice(1).map((event: { data: { todoId: string } }) => event.data.todoId)).toEqual(
        Array.from({ length: 10 }, (_, i) => `t${i}`),
      );
    }
  });

  it('queues writers on a hot aggregate with Prefer: respond-async, wait=N and answers each in full', async () => {
    await postJson(commands(), { type: 'CreateTodoList', aggregateId: 'hot', payload: { title: 'Hot' } });
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postJson(
          commands(),
          { type: 'AddTodo', aggregateId: 'hot', payload: { todoId: `t${i}`, text: `hot ${i}` } },
          { Prefer: 'respond-async, wait=10' },
        ),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(responses.map((response) => response.json.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 2),
    );
    for (const response of responses) {
      expect(response.headers.get('etag')).toBe(`"${response.json.version}"`);
      expect(response.headers.get('preference-applied')).toBe('respond-async, wait=10');
    }
    const failed = await postJson(
      commands(),
      { type: 'CompleteTodo', aggregateId: 'hot', payload: { todoId: 'nope' } },
      { Prefer: 'respond-async, wait=10' },
    );
    expect(failed.json).toMatchObject({ error: { code: 'TODO_NOT_FOUND' } });
    expect(failed.status).toBeGreaterThanOrEqual(400);
    // The command status resource of a sync command, fed from the change feed.
    const sync = await postJson(commands(), {
      type: 'AddTodo',
      aggregateId: 'hot',
      payload: { todoId: 's', text: 's' },
    });
    let status = await getJson(`${runtime.url}/v1/default/commands/${sync.json.commandId}`);
    for (let poll = 0; poll < 100 && status.status !== 200; poll++) {
      await new Promise((done) => setTimeout(done, 20));
      status = await getJson(`${runtime.url}/v1/default/commands/${sync.json.commandId}`);
    }
    expect(status.json).toMatchObject({ status: 'succeeded', result: { version: 22 } });
  });

  it('reads its own write: a view asked for with the answer version contains the change', async () => {
    await postJson(commands(), { type: 'CreateTodoList', aggregateId: 'ryw', payload: { title: 'Read' } });
    const added = await postJson(commands(), {
      type: 'AddTodo',
      aggregateId: 'ryw',
      payload: { todoId: 'mine', text: 'see me' },
    });
    const view = await getJson(`${runtime.url}/v1/default/views/todoList/ryw?minVersion=${added.json.version}`);
    expect(view.status).toBe(200);
    expect(view.headers.get('etag')).toBe(`"${added.json.version}"`);
    expect(view.json).toMatchObject({
      key: 'ryw',
      version: added.json.version,
      data: { title: 'Read', todos: [{ todoId: 'mine', text: 'see me', done: false }], openCount: 1, doneCount: 0 },
    });
    const summary = await getJson(`${runtime.url}/v1/default/views/todoLists/ryw?minVersion=${added.json.version}`);
    expect(summary.json.data).toMatchObject({ listId: 'ryw', title: 'Read', openCount: 1, doneCount: 0 });
  });

  it('answers view queries it cannot serve with typed errors', async () => {
    const views = `${runtime.url}/v1/default/views`;
    const cases: [string, number, string][] = [
      ['/nope/x', 404, 'UNKNOWN_PROJECTION'],
      ['/todoList/never-created', 404, 'VIEW_NOT_FOUND'],
      ['/todoList/ryw?minVersion=-1', 400, 'VALIDATION_FAILED'],
      ['/todoList/ryw?minVersion=1.5', 400, 'VALIDATION_FAILED'],
      ['/todoList/ryw?minVersion=99', 409, 'VIEW_NOT_READY'],
      ['/todoList/bad%23key', 400, 'VALIDATION_FAILED'],
    ];
    for (const [path, status, code] of cases) {
      const response = await getJson(`${views}${path}`);
      expect([path, response.status, response.json.error?.code]).toEqual([path, status, code]);
      if (code === 'VIEW_NOT_READY') expect(response.json.error).toMatchObject({ currentVersion: 2, minVersion: 99 });
    }
  });

  it('leaves the stored data byte-for-byte unchanged after bad input', async () => {
    // The event flow of earlier tests may still be writing views: start from a quiet store.
    const before = await quietDataFiles(dataDir);
    const bad: [unknown, Record<string, string>][] = [
      ['{"type":', {}],
      [{ type: 'Nope', aggregateId: 'list-1' }, {}],
      [{ type: 'AddTodo', aggregateId: 'list-1', payload: { todoId: 'x' } }, {}],
      [{ type: 'AddTodo', aggregateId: 'list#1', payload: { todoId: 'x', text: 'y' } }, {}],
      [{ type: 'AddTodo', aggregateId: 'list-1', payload: { todoId: 'x', text: 'y' } }, { 'If-Match': '"0"' }],
      [{ type: 'CreateTodoList', aggregateId: 'list-1', payload: { title: 'again' } }, {}],
      [{ type: 'CreateTodoList', aggregateId: 'big', payload: { title: 'x'.repeat(250_000) } }, {}],
    ];
    for (const [body, headers] of bad) {
      const response = await postJson(commands(), body, headers);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.json.error.code).toMatch(/^[A-Z_]+$/);
    }
    await new Promise((done) => setTimeout(done, 300));
    expect(dataFiles(dataDir)).toEqual(before);
  });

  it('keeps every event across a restart, and refuses a second runtime on the same data', async () => {
    const second = startRuntimeProcess({ CAIRN_DATA_DIR: dataDir });
    await expect(second).rejects.toThrow(/in use by process/);
    expect(await runtime.stop()).toBe(0);
    runtime = await startRuntimeProcess({ CAIRN_DATA_DIR: dataDir });
    const stored = await getJson(history('busy'));
    expect(stored.json.version).toBe(51);
    const next = await postJson(commands(), {
      type: 'AddTodo',
      aggregateId: 'busy',
      payload: { todoId: 'after', text: 'restart' },
    });
    expect(next.json.version).toBe(52);
  });
});
