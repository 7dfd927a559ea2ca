import { describe, expect, it } from 'vitest';
import { todoListProjection } from '../../shared/projections/todoList';
import { todoListsProjection } from '../../shared/projections/todoLists';
import { userProjection } from '../../shared/projections/user';
import { projected, viewAfter } from '../support/projectionSpec';

const list = (id: string, type: string, data: unknown = {}) => projected('todoList', id, type, data);
const created = (id: string, title: string) =>
  list(id, 'TodoListCreated', { title, createdAt: '2026-11-22T10:00:00.000Z' });

describe('todoList projection', () => {
  it('given a list with todos done, removed and reopened, then the view lists them with counts', () => {
    const view = viewAfter(todoListProjection, 'l1', [
      created('l1', 'Groceries'),
      list('l1', 'TodoAdded', { todoId: 'a', text: 'Milk' }),
      list('l1', 'TodoAdded', { todoId: 'b', text: 'Eggs' }),
      list('l1', 'TodoAdded', { todoId: 'c', text: 'Tea' }),
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
        { todoId: 'a', text: 'Milk', done: true },
        { todoId: 'b', text: 'Eggs', done: false },
      ],
      openCount: 1,
      doneCount: 1,
    });
  });

  it('given an archived list, then the view says so; events of other lists do not touch it', () => {
    const view = viewAfter(todoListProjection, 'l1', [
      created('l1', 'A'),
      created('l2', 'B'),
      list('l2', 'TodoAdded', { todoId: 'x', text: 'other' }),
      list('l1', 'TodoListArchived', { archivedAt: '2026-11-22T11:00:00.000Z' }),
    ]);
    expect(view).toMatchObject({ title: 'A', archived: true, todos: [], openCount: 0 });
  });
});

describe('todoLists projection (one view per context, fed by every list)', () => {
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
});

describe('user projection', () => {
  it('given a registered and renamed user, then the view has the new name', () => {
    const view = viewAfter(userProjection, 'u1', [
      projected('user', 'u1', 'UserRegistered', {
        name: 'Ada',
        email: 'ada@example.com',
        registeredAt: '2026-11-22T10:00:00.000Z',
      }),
      projected('user', 'u1', 'UserRenamed', { name: 'Ada L.' }),
    ]);
    expect(view).toEqual({
      userId: 'u1',
      name: 'Ada L.',
      email: 'ada@example.com',
      registeredAt: '2026-11-22T10:00:00.000Z',
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
