/**
 * A todo list written before TodoAdded had a priority (schema version 1), and what a runtime must
 * serve of it: every reader (the events endpoint, the views, a rebuild, the next command) sees the
 * newest shape, and the stored commit stays byte for byte as it was written.
 */
import { expect } from 'vitest';
import { getJson, postJson } from './localRuntimeProcess';
import { until } from './until';

export const LEGACY_LIST = 'legacy-1';
export const LEGACY_STREAM = `default#todoList#${LEGACY_LIST}`;
const CREATED_AT = '2026-01-01T00:00:00.000Z';

/** The first commit's events as the code before schema versions stored them: no `schemaVersion`, no `priority`. */
export const legacyEvents = [
  { type: 'TodoListCreated', data: { title: 'Before priorities', createdAt: CREATED_AT } },
  { type: 'TodoAdded', data: { todoId: 'milk', text: 'Milk' } },
];

/** `stored`: the legacy commit as the store holds it (a log line, an item), read around the adapter. */
export const expectLegacyListServedUpcast = async (url: string, stored: () => Promise<unknown>): Promise<void> => {
  const before = await stored();
  const events = await getJson(`${url}/v1/default/aggregates/todoList/${LEGACY_LIST}/events`);
  expect(events.status).toBe(200);
  expect(events.json).toEqual({
    aggregateId: LEGACY_LIST,
    aggregateType: 'todoList',
    version: 2,
    events: [
      { type: 'TodoListCreated', version: 1, schemaVersion: 1, data: legacyEvents[0]?.data },
      { type: 'TodoAdded', version: 2, schemaVersion: 2, data: { todoId: 'milk', text: 'Milk', priority: 'normal' } },
    ],
  });
  const milk = { todoId: 'milk', text: 'Milk', priority: 'normal', done: false };
  const view = (version: number) => getJson(`${url}/v1/default/views/todoList/${LEGACY_LIST}?minVersion=${version}`);
  expect(((await view(2)).json as { data: { todos: unknown[] } }).data.todos).toEqual([milk]);

  // The next command is decided on the upcast state and written at the current version.
  const tea = { todoId: 'tea', text: 'Tea', priority: 'high' };
  const added = await postJson(
    `${url}/v1/default/commands`,
    { type: 'AddTodo', aggregateId: LEGACY_LIST, payload: tea },
    { 'if-match': '"2"' },
  );
  expect([added.status, added.json]).toMatchObject([
    200,
    { version: 3, events: [{ type: 'TodoAdded', version: 3, schemaVersion: 2, data: tea }] },
  ]);
  const both = [milk, { ...tea, done: false }];
  expect(((await view(3)).json as { data: { todos: unknown[] } }).data.todos).toEqual(both);

  // A rebuild folds the stored events again, from the store: the same view.
  const rebuild = `${url}/v1/default/_admin/projections/todoList/rebuild`;
  expect((await postJson(rebuild, {})).status).toBe(202);
  await until(async () => ((await getJson(rebuild)).json as { state?: string }).state === 'live', 20_000);
  const rebuilt = await view(3);
  expect((rebuilt.json as { data: { todos: unknown[] } }).data.todos).toEqual(both);

  expect(await stored()).toEqual(before);
};
