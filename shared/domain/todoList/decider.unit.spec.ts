import { describe, expect, it } from 'vitest';
import { deciderSpec, metadata } from '../../../test/support/deciderSpec';
import { type TodoListCommand, todoListCommandSchemas } from './commands';
import { todoListDecider } from './decider';
import type { TodoListEvent } from './events';

const { given } = deciderSpec(todoListDecider);
const created: TodoListEvent = { type: 'TodoListCreated', data: { title: 'Groceries', createdAt: metadata.issuedAt } };
const milk: TodoListEvent = { type: 'TodoAdded', data: { todoId: 't1', text: 'milk', priority: 'normal' } };
const milkDone: TodoListEvent = { type: 'TodoCompleted', data: { todoId: 't1' } };
const archived: TodoListEvent = { type: 'TodoListArchived', data: { archivedAt: metadata.issuedAt } };

describe('todo list decider', () => {
  it('creates a list, taking the time from the command metadata', () =>
    given([])
      .when({ type: 'CreateTodoList', payload: { title: 'Groceries' } })
      .then([created]));

  it('refuses to create a list twice', () =>
    given([created])
      .when({ type: 'CreateTodoList', payload: { title: 'Again' } })
      .thenFails('ALREADY_EXISTS'));

  it('refuses commands on a list that does not exist', () => {
    given([])
      .when({ type: 'AddTodo', payload: { todoId: 't1', text: 'milk' } })
      .thenFails('NOT_FOUND');
    given([])
      .when({ type: 'RenameTodoList', payload: { title: 'x' } })
      .thenFails('NOT_FOUND');
  });

  it('renames a list', () =>
    given([created])
      .when({ type: 'RenameTodoList', payload: { title: 'Food' } })
      .then([{ type: 'TodoListRenamed', data: { title: 'Food' } }]));

  it('adds a todo, of normal priority unless told, and keeps todo ids unique', () => {
    given([created])
      .when({ type: 'AddTodo', payload: { todoId: 't1', text: 'milk' } })
      .then([milk]);
    given([created])
      .when({ type: 'AddTodo', payload: { todoId: 't1', text: 'milk', priority: 'high' } })
      .then([{ type: 'TodoAdded', data: { todoId: 't1', text: 'milk', priority: 'high' } }]);
    given([created, milk])
      .when({ type: 'AddTodo', payload: { todoId: 't1', text: 'eggs' } })
      .thenFails('TODO_ALREADY_EXISTS');
  });

  it('lets a removed todo id be used again', () =>
    given([created, milk, { type: 'TodoRemoved', data: { todoId: 't1' } }])
      .when({ type: 'AddTodo', payload: { todoId: 't1', text: 'oat milk' } })
      .then([{ type: 'TodoAdded', data: { todoId: 't1', text: 'oat milk', priority: 'normal' } }]));

  it('completes and reopens a todo, refusing the same step twice', () => {
    given([created, milk])
      .when({ type: 'CompleteTodo', payload: { todoId: 't1' } })
      .then([milkDone]);
    given([created, milk, milkDone])
      .when({ type: 'CompleteTodo', payload: { todoId: 't1' } })
      .thenFails('TODO_ALREADY_COMPLETED');
    given([created, milk, milkDone])
      .when({ type: 'ReopenTodo', payload: { todoId: 't1' } })
      .then([{ type: 'TodoReopened', data: { todoId: 't1' } }]);
    given([created, milk])
      .when({ type: 'ReopenTodo', payload: { todoId: 't1' } })
      .thenFails('TODO_NOT_COMPLETED');
  });

  it('refuses to touch a todo that is not in the list', () => {
    given([created])
      .when({ type: 'CompleteTodo', payload: { todoId: 'nope' } })
      .thenFails('TODO_NOT_FOUND');
    given([created])
      .when({ type: 'ReopenTodo', payload: { todoId: 'nope' } })
      .thenFails('TODO_NOT_FOUND');
    given([created])
      .when({ type: 'RemoveTodo', payload: { todoId: 'nope' } })
      .thenFails('TODO_NOT_FOUND');
  });

  it('removes a todo', () =>
    given([created, milk])
      .when({ type: 'RemoveTodo', payload: { todoId: 't1' } })
      .then([{ type: 'TodoRemoved', data: { todoId: 't1' } }]));

  it('archives a list, after which every command is refused', () => {
    given([created]).when({ type: 'ArchiveTodoList', payload: {} }).then([archived]);
    const refused: Omit<TodoListCommand, 'metadata' | 'aggregateId'>[] = [
      { type: 'ArchiveTodoList', payload: {} },
      { type: 'RenameTodoList', payload: { title: 'x' } },
      { type: 'AddTodo', payload: { todoId: 't2', text: 'x' } },
      { type: 'CompleteTodo', payload: { todoId: 't1' } },
      { type: 'RemoveTodo', payload: { todoId: 't1' } },
    ];
    for (const command of refused) {
      given([created, milk, archived]).when(command).thenFails('LIST_ARCHIVED');
    }
  });

  it('folds events into state without mutating the previous state', () => {
    const before = todoListDecider.initialState();
    const after = [created, milk, milkDone].reduce(todoListDecider.evolve, before);
    expect(before).toEqual({ exists: false, title: '', archived: false, todos: {} });
    expect(after).toEqual({
      exists: true,
      title: 'Groceries',
      archived: false,
      todos: { t1: { text: 'milk', priority: 'normal', done: true } },
    });
  });
});

describe('todo list command schemas', () => {
  it('bounds titles to 1-200 and texts to 1-500 characters', () => {
    expect(todoListCommandSchemas.CreateTodoList.safeParse({ title: 'x'.repeat(200) }).success).toBe(true);
    expect(todoListCommandSchemas.CreateTodoList.safeParse({ title: 'x'.repeat(201) }).success).toBe(false);
    expect(todoListCommandSchemas.CreateTodoList.safeParse({ title: '   ' }).success).toBe(false);
    expect(todoListCommandSchemas.AddTodo.safeParse({ todoId: 't', text: 'x'.repeat(500) }).success).toBe(true);
    expect(todoListCommandSchemas.AddTodo.safeParse({ todoId: 't', text: 'x'.repeat(501) }).success).toBe(false);
    expect(todoListCommandSchemas.AddTodo.safeParse({ todoId: 't', text: '' }).success).toBe(false);
  });

  it('takes an optional priority of low, normal or high', () => {
    for (const priority of ['low', 'normal', 'high']) {
      expect(todoListCommandSchemas.AddTodo.safeParse({ todoId: 't', text: 'x', priority }).success).toBe(true);
    }
    for (const priority of ['urgent', '', null, 1]) {
      expect(todoListCommandSchemas.AddTodo.safeParse({ todoId: 't', text: 'x', priority }).success).toBe(false);
    }
    // Left out, it stays out of the parsed payload: the payload (and so the command's fingerprint,
    // which retries under an Idempotency-Key must match) is what it was before priorities.
    expect(todoListCommandSchemas.AddTodo.parse({ todoId: 't', text: 'x' })).toEqual({ todoId: 't', text: 'x' });
  });

  it('refuses unknown fields and todo ids that could break keys', () => {
    expect(todoListCommandSchemas.ArchiveTodoList.safeParse({ extra: 1 }).success).toBe(false);
    for (const todoId of ['', 'a#b', 'a/b', 'ü', 'x'.repeat(65)]) {
      expect(todoListCommandSchemas.CompleteTodo.safeParse({ todoId }).success).toBe(false);
    }
  });
  it('takes todo ids that name Object.prototype properties like any other id, also after a JSON round trip', () => {
    for (const todoId of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      given([created])
        .when({ type: 'AddTodo', payload: { todoId, text: 'x' } })
        .then([{ type: 'TodoAdded', data: { todoId, text: 'x', priority: 'normal' } }]);
      given([created]).when({ type: 'CompleteTodo', payload: { todoId } }).thenFails('TODO_NOT_FOUND');
      given([created, { type: 'TodoAdded', data: { todoId, text: 'x', priority: 'normal' } }])
        .when({ type: 'AddTodo', payload: { todoId, text: 'y' } })
        .thenFails('TODO_ALREADY_EXISTS');
      // State read back from a snapshot (JSON) keeps such an id as its own entry.
      const added: TodoListEvent[] = [created, { type: 'TodoAdded', data: { todoId, text: 'x', priority: 'low' } }];
      const state = JSON.parse(JSON.stringify(added.reduce(todoListDecider.evolve, todoListDecider.initialState())));
      expect(
        todoListDecider.decide({ type: 'CompleteTodo', aggregateId: 'l', payload: { todoId }, metadata }, state),
      ).toEqual([{ type: 'TodoCompleted', data: { todoId } }]);
    }
  });
});
