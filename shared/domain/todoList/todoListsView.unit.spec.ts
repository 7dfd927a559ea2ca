import { describe, expect, it } from 'vitest';
import { projected, viewAfter } from '../../../test/support/projectionSpec';
import { todoListPayloads } from '../../../test/support/samplePayloads';
import { expectViewsMatchSchema } from '../../../test/support/viewSchemaSpec';
import { todoListAggregate } from './aggregate';
import { todoListsProjection } from './todoListsView';

const list = (id: string, type: string, data: unknown = {}) => projected('todoList', id, type, data);
const created = (id: string, title: string) =>
  list(id, 'TodoListCreated', { title, createdAt: '2026-11-22T10:00:00.000Z' });

describe('todoLists projection (a collection: one summary per list)', () => {
  it('folds any history into views that match its schema', () =>
    expectViewsMatchSchema(todoListsProjection, todoListAggregate, todoListPayloads));

  it("given a list's events, then its summary counts them, and a removed done todo lowers the done count", () => {
    expect(todoListsProjection.keyOf(created('l1', 'A'))).toBe('l1');
    const view = viewAfter(todoListsProjection, 'l1', [
      created('l1', 'A'),
      list('l1', 'TodoAdded', { todoId: 'a', text: 'x', priority: 'normal' }),
      list('l1', 'TodoAdded', { todoId: 'b', text: 'y', priority: 'low' }),
      list('l1', 'TodoCompleted', { todoId: 'a' }),
      list('l1', 'TodoRemoved', { todoId: 'a' }),
      list('l1', 'TodoListArchived', { archivedAt: '2026-11-22T11:00:00.000Z' }),
    ]);
    expect(view).toEqual({ listId: 'l1', title: 'A', archived: true, openCount: 1, doneCount: 0, todos: { b: false } });
  });

  it('is indexed by archived and ordered by title, for the list of open lists', () => {
    expect(todoListsProjection.index).toEqual({ filters: ['archived'], sort: 'title' });
  });

  it('keeps todos whose ids name Object.prototype properties, through JSON as stored', () => {
    let view = todoListsProjection.initialView('constructor');
    for (const event of [
      created('constructor', 'c'),
      list('constructor', 'TodoAdded', { todoId: '__proto__', text: 'x', priority: 'normal' }),
      list('constructor', 'TodoAdded', { todoId: 'toString', text: 'y', priority: 'high' }),
      list('constructor', 'TodoCompleted', { todoId: 'toString' }),
    ]) {
      // Each step reads the view back as the stores do: JSON.
      view = JSON.parse(JSON.stringify(todoListsProjection.evolve(view, event)));
    }
    const summary = view as { todos: Record<string, boolean>; openCount: number; doneCount: number };
    expect([summary.openCount, summary.doneCount]).toEqual([1, 1]);
    expect(Object.getOwnPropertyDescriptor(summary.todos, '__proto__')?.value).toBe(false);
    expect(Object.getOwnPropertyDescriptor(summary.todos, 'toString')?.value).toBe(true);
  });
});
