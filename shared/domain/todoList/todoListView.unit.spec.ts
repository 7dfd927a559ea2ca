import { describe, expect, it } from 'vitest';
import { projected, viewAfter } from '../../../test/support/projectionSpec';
import { todoListPayloads } from '../../../test/support/samplePayloads';
import { expectViewsMatchSchema } from '../../../test/support/viewSchemaSpec';
import { todoListAggregate } from './aggregate';
import { todoListProjection } from './todoListView';

const list = (id: string, type: string, data: unknown = {}) => projected('todoList', id, type, data);
const created = (id: string, title: string) =>
  list(id, 'TodoListCreated', { title, createdAt: '2026-11-22T10:00:00.000Z' });

describe('todoList projection', () => {
  it('folds any history into views that match its schema', () =>
    expectViewsMatchSchema(todoListProjection, todoListAggregate, todoListPayloads));

  it('given a list with todos done, removed and reopened, then the view lists them with their priorities and counts', () => {
    const view = viewAfter(todoListProjection, 'l1', [
      created('l1', 'Groceries'),
      list('l1', 'TodoAdded', { todoId: 'a', text: 'Milk', priority: 'high' }),
      list('l1', 'TodoAdded', { todoId: 'b', text: 'Eggs', priority: 'normal' }),
      list('l1', 'TodoAdded', { todoId: 'c', text: 'Tea', priority: 'low' }),
      list('l1', 'TodoCompleted', { todoId: 'a' }),
      list('l1', 'TodoCompleted', { todoId: 'b' }),
      list('l1', 'TodoReopened', { todoId: 'b' }),
      list('l1', 'TodoRemoved', { todoId: 'c' }),
      list('l1', 'TodoListRenamed', { title: 'Shopping' }),
    ]);
    expect(view).toEqual({
      listId: 'l1',
      title: 'Shopping',
      archived: false,
      createdAt: '2026-11-22T10:00:00.000Z',
      todos: [
        { todoId: 'a', text: 'Milk', priority: 'high', done: true },
        { todoId: 'b', text: 'Eggs', priority: 'normal', done: false },
      ],
      openCount: 1,
      doneCount: 1,
    });
  });

  it('given an archived list, then the view says so; events of other lists do not touch it', () => {
    const view = viewAfter(todoListProjection, 'l1', [
      created('l1', 'A'),
      created('l2', 'B'),
      list('l2', 'TodoAdded', { todoId: 'x', text: 'other', priority: 'normal' }),
      list('l1', 'TodoListArchived', { archivedAt: '2026-11-22T11:00:00.000Z' }),
    ]);
    expect(view).toMatchObject({ title: 'A', archived: true, todos: [], openCount: 0 });
  });
});
