/**
 * The sample processes through the runtime `npm start` runs, over REST, their outcome seen in the
 * views: a user's `Inbox` list on registration, and a list archived once all its todos are done
 * (CAIRN_ARCHIVE_AFTER shortened to seconds), cancelled by a todo added in time, and fired after a
 * restart that happened while it was pending.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postJson, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';
import { until } from '../support/until';

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-processes-'));
const env = { CAIRN_DATA_DIR: dataDir, CAIRN_ARCHIVE_AFTER: 'PT1.5S', CAIRN_CONTEXTS: 'default' };
let runtime: RuntimeProcess | undefined;
afterAll(async () => {
  await runtime?.stop();
});

const start = async () => {
  runtime = await startRuntimeProcess(env);
  return runtime.url;
};
const command = async (url: string, type: string, aggregateId: string, payload: unknown) => {
  const answer = await postJson(`${url}/v1/default/commands`, { type, aggregateId, payload });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json as { version: number };
};
const view = async (url: string, projection: string, key: string) => {
  const response = await fetch(`${url}/v1/default/views/${projection}/${key}`);
  return response.status === 200
    ? ((await response.json()) as { version: number; data: Record<string, unknown> })
    : undefined;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('process managers in the local runtime', () => {
  it('creates a registered user’s Inbox list, once', async () => {
    const url = await start();
    await command(url, 'RegisterUser', 'ada', { name: 'Ada', email: 'ada@example.com' });
    await until(async () => (await view(url, 'todoList', 'inbox-ada'))?.data.title === 'Inbox', 10_000);
    await command(url, 'RenameUser', 'ada', { name: 'Ada Lovelace' });
    const events = await fetch(`${url}/v1/default/aggregates/todoList/inbox-ada/events`);
    expect(((await events.json()) as { events: { type: string }[] }).events.map((event) => event.type)).toEqual([
      'TodoListCreated',
    ]);
  });

  it('archives a list once all its todos are done, after the delay', async () => {
    const url = runtime?.url as string;
    await command(url, 'CreateTodoList', 'done-list', { title: 'Done soon' });
    await command(url, 'AddTodo', 'done-list', { todoId: 'a', text: 'a' });
    const completed = await command(url, 'CompleteTodo', 'done-list', { todoId: 'a' });
    const at = Date.now();
    await until(async () => (await view(url, 'todoList', 'done-list'))?.data.archived === true, 10_000);
    expect(Date.now() - at).toBeGreaterThanOrEqual(1_000); // not before its delay
    expect((await view(url, 'todoList', 'done-list'))?.version).toBe(completed.version + 1);
  });

  it('never archives a list whose deadline was cancelled in time by a todo added', async () => {
    const url = runtime?.url as string;
    await command(url, 'CreateTodoList', 'busy-list', { title: 'Busy' });
    await command(url, 'AddTodo', 'busy-list', { todoId: 'a', text: 'a' });
    await command(url, 'CompleteTodo', 'busy-list', { todoId: 'a' });
    await command(url, 'AddTodo', 'busy-list', { todoId: 'b', text: 'b' });
    await sleep(3_000);
    expect((await view(url, 'todoList', 'busy-list'))?.data.archived).toBe(false);
  });

  it('fires a deadline that was pending across a restart', async () => {
    let url = runtime?.url as string;
    await command(url, 'CreateTodoList', 'restart-list', { title: 'Restart' });
    await command(url, 'AddTodo', 'restart-list', { todoId: 'a', text: 'a' });
    await command(url, 'CompleteTodo', 'restart-list', { todoId: 'a' });
    await until(async () => (await view(url, 'todoList', 'restart-list'))?.data.openCount === 0, 5_000);
    await sleep(200); // the process has scheduled it
    await runtime?.stop();
    runtime = undefined;
    await sleep(2_000); // it comes due while nothing runs
    url = await start();
    await until(async () => (await view(url, 'todoList', 'restart-list'))?.data.archived === true, 10_000);
  });
});
