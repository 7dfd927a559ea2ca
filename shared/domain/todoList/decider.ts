import type { Decider } from '#core/decider';
import { DomainError } from '#core/errors';
import { ownEntry } from '#core/ownEntry';
import type { TodoListCommand } from './commands';
import type { TodoListEvent } from './events';
import { initialTodoListState, type Todo, type TodoListState } from './state';

const mustBeOpen = (state: TodoListState): void => {
  if (!state.exists) throw new DomainError('NOT_FOUND', 'The todo list does not exist');
  if (state.archived) throw new DomainError('LIST_ARCHIVED', 'The todo list is archived');
};

const existingTodo = (state: TodoListState, todoId: string): Todo => {
  const todo = ownEntry(state.todos, todoId);
  if (!todo) throw new DomainError('TODO_NOT_FOUND', `No todo '${todoId}' in this list`, { todoId });
  return todo;
};

export const decide = (command: TodoListCommand, state: TodoListState): TodoListEvent[] => {
  if (command.type === 'CreateTodoList') {
    if (state.exists) throw new DomainError('ALREADY_EXISTS', 'The todo list already exists');
    const data = { title: command.payload.title, createdAt: command.metadata.issuedAt };
    return [{ type: 'TodoListCreated', data }];
  }
  mustBeOpen(state);
  switch (command.type) {
    case 'RenameTodoList':
      return [{ type: 'TodoListRenamed', data: { title: command.payload.title } }];
    case 'AddTodo': {
      const { todoId, text, priority = 'normal' } = command.payload;
      if (ownEntry(state.todos, todoId)) {
        throw new DomainError('TODO_ALREADY_EXISTS', `Todo '${todoId}' already exists`, { todoId });
      }
      return [{ type: 'TodoAdded', data: { todoId, text, priority } }];
    }
    case 'CompleteTodo': {
      const { todoId } = command.payload;
      if (existingTodo(state, todoId).done) {
        throw new DomainError('TODO_ALREADY_COMPLETED', `Todo '${todoId}' is already done`, { todoId });
      }
      return [{ type: 'TodoCompleted', data: { todoId } }];
    }
    case 'ReopenTodo': {
      const { todoId } = command.payload;
      if (!existingTodo(state, todoId).done) {
        throw new DomainError('TODO_NOT_COMPLETED', `Todo '${todoId}' is not done`, { todoId });
      }
      return [{ type: 'TodoReopened', data: { todoId } }];
    }
    case 'RemoveTodo': {
      const { todoId } = command.payload;
      existingTodo(state, todoId);
      return [{ type: 'TodoRemoved', data: { todoId } }];
    }
    case 'ArchiveTodoList':
      return [{ type: 'TodoListArchived', data: { archivedAt: command.metadata.issuedAt } }];
    default: {
      const unreachable: never = command;
      throw new Error(`Unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
};

const withTodo = (state: TodoListState, todoId: string, change: Partial<Todo>): TodoListState => {
  const todo = ownEntry(state.todos, todoId);
  if (!todo) return state;
  return { ...state, todos: { ...state.todos, [todoId]: { ...todo, ...change } } };
};

export const evolve = (state: TodoListState, event: TodoListEvent): TodoListState => {
  switch (event.type) {
    case 'TodoListCreated':
      return { ...state, exists: true, title: event.data.title };
    case 'TodoListRenamed':
      return { ...state, title: event.data.title };
    case 'TodoAdded':
      return {
        ...state,
        todos: {
          ...state.todos,
          [event.data.todoId]: { text: event.data.text, priority: event.data.priority, done: false },
        },
      };
    case 'TodoCompleted':
      return withTodo(state, event.data.todoId, { done: true });
    case 'TodoReopened':
      return withTodo(state, event.data.todoId, { done: false });
    case 'TodoRemoved': {
      const { [event.data.todoId]: _removed, ...todos } = state.todos;
      return { ...state, todos };
    }
    case 'TodoListArchived':
      return { ...state, archived: true };
    default: {
      const unreachable: never = event;
      throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
};

export const todoListDecider: Decider<TodoListState, TodoListCommand, TodoListEvent> = {
  initialState: initialTodoListState,
  decide,
  evolve,
};
