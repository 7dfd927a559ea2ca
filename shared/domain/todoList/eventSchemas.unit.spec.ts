/**
 * TodoAdded was written without a priority before it reached schema version 2. Events stored then
 * stay as they are (and carry no `schemaVersion` at all); every reader gets them with the default.
 */
import { describe, expect, it } from 'vitest';
import { currentSchemaVersion, UnknownSchemaVersionError, upcastEvent } from '#core/upcasting';
import { viewAfter } from '../../../test/support/projectionSpec';
import { sampleDomain } from '../index';
import { todoListAggregate } from './aggregate';
import { todoListDecider } from './decider';
import type { TodoListEvent } from './events';
import { todoListsProjection } from './todoListsView';
import { type TodoListView, todoListProjection } from './todoListView';

const position = (version: number) => ({
  streamKey: 'default#todoList#l1',
  context: 'default',
  aggregateType: 'todoList',
  aggregateId: 'l1',
  version,
});
// As stored before priorities: no `schemaVersion` (so version 1), no `priority`.
const storedHistory = () => [
  { type: 'TodoListCreated', data: { title: 'Groceries', createdAt: '2026-11-22T10:00:00.000Z' } },
  { type: 'TodoAdded', data: { todoId: 'milk', text: 'Milk' } },
  { type: 'TodoAdded', schemaVersion: 2, data: { todoId: 'tea', text: 'Tea', priority: 'high' } },
  { type: 'TodoCompleted', data: { todoId: 'milk' } },
];
/** The history as every reader gets it: each event in its newest shape, through the domain. */
const newest = () => storedHistory().map((event) => sampleDomain.upcast('todoList', event));

describe('TodoAdded, schema version 2', () => {
  it('is what AddTodo writes now', () => {
    expect(currentSchemaVersion(todoListAggregate, 'TodoAdded')).toBe(2);
    expect(currentSchemaVersion(todoListAggregate, 'TodoCompleted')).toBe(1);
  });

  it('reads a stored version 1 event with the normal priority, leaving the stored one as it was', () => {
    const stored = storedHistory()[1];
    const before = structuredClone(stored);
    expect(stored && sampleDomain.upcast('todoList', stored)).toEqual({
      type: 'TodoAdded',
      schemaVersion: 2,
      data: { todoId: 'milk', text: 'Milk', priority: 'normal' },
    });
    expect(stored).toEqual(before);
    // A version 2 event keeps its own priority; no version 3 exists yet.
    expect(newest()[2]?.data).toEqual({ todoId: 'tea', text: 'Tea', priority: 'high' });
    const future = { type: 'TodoAdded', schemaVersion: 3, data: {} };
    expect(() => upcastEvent(todoListAggregate, future)).toThrow(UnknownSchemaVersionError);
  });

  it('given a stored version 1 TodoAdded, the aggregate holds the todo at normal priority', () => {
    const state = (newest() as TodoListEvent[]).reduce(todoListDecider.evolve, todoListDecider.initialState());
    expect(state.todos).toEqual({
      milk: { text: 'Milk', priority: 'normal', done: true },
      tea: { text: 'Tea', priority: 'high', done: false },
    });
  });

  it('given a stored version 1 TodoAdded, the views show the todo at normal priority', () => {
    const events = newest().map((event, index) => ({ ...position(index + 1), ...event }));
    const view = viewAfter<TodoListView>(todoListProjection, 'l1', events);
    expect(view.todos).toEqual([
      { todoId: 'milk', text: 'Milk', priority: 'normal', done: true },
      { todoId: 'tea', text: 'Tea', priority: 'high', done: false },
    ]);
    expect(todoListProjection.view?.safeParse(view).success).toBe(true);
    expect(viewAfter(todoListsProjection, 'l1', events)).toMatchObject({ openCount: 1, doneCount: 1 });
  });

  it('folded without upcasting, would give a view its schema refuses: the upcast is what makes it whole', () => {
    const raw = storedHistory().map((event, index) => ({ ...position(index + 1), ...event }));
    const view = viewAfter<TodoListView>(todoListProjection, 'l1', raw);
    expect(todoListProjection.view?.safeParse(view).success).toBe(false);
  });
});
