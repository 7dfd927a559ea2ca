import { describe, expect, it } from 'vitest';
import { projected, viewAfter } from '../../../test/support/projectionSpec';
import { todoListPayloads } from '../../../test/support/samplePayloads';
import { expectViewsMatchSchema } from '../../../test/support/viewSchemaSpec';
import { todoListAggregate } from './aggregate';
import { todoListsProjection } from './todoListsView';

const list = (id: string, type: string, data: unknown = {}) => projected('todoList', id, type, data);
const created = (id: string, title: string) =>
  list(id, 'TodoListCreated', { title, createdAt: '2026-11-22T10:00:00.000Z' });

describe('todoLists projection (one view per context, fed by every list)', () => {
  it('folds any history into views that match its schema', () =>
    expectViewsMatchSchema(todoListsProjection, todoListAggregate, todoListPayloads));

  it('given two lists, then one view summarises both, and a removed done todo lowers the done count', () => {
    expect(todoListsProjection.keyOf(created('l1', 'A'))).toBe('all');
    const view = viewAfter(todoListsProjection, 'all', [
      created('l1', 'A'),
      created('l2', 'B'),
      list('l1', 'TodoAdded', { todoId: 'a', text: 'x' }),
      list('l1', 'TodoAdded', { todoId: 'b', text: 'y' }),
      list('l1', 'TodoCompleted', { todoId: 'a' }),
      list('l2', 'TodoAdded', { todoId: 'c', text: 'z' }),
      list('l1', 'TodoRemoved', { todoId: 'a' }),
      list('l2', 'TodoListArchived', { archivedAt: '2026-11-22T11:00:00.000Z' }),
    ]);
    expect(view).toEqual({
      lists: {
        l1: { title: 'A', archived: false, openCount: 1, doneCount: 0, todos: { b: false } },
        l2: { title: 'B', archived: true, openCount: 1, doneCount: 0, todos: { c: false } },
      },
    });
  });

  it('todoLists keeps lists and todos whose ids name Object.prototype properties, through JSON as stored', () => {
    const ids = ['constructor', '__proto__', 'toString'];
    let view = todoListsProjection.initialView('all');
    for (const id of ids) {
      for (const event of [created(id, id), list(id, 'TodoAdded', { todoId: '__proto__', text: 'x' })]) {
        // Each step reads the view back as the stores do: JSON.
        view = JSON.parse(JSON.stringify(todoListsProjection.evolve(view, event)));
      }
    }
    const lists = (view as { lists: Record<string, { title: string; openCount: number }> }).lists;
    expect(Object.keys(lists).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(Object.getOwnPropertyDescriptor(lists, id)?.value).toEqual({
        title: id,
        archived: false,
        openCount: 1,
        doneCount: 0,
        todos: JSON.parse('{"__proto__":false}'),
      });
    }
  });
});
