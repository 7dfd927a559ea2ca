import type { TodoPriority } from './events';

export interface Todo {
  text: string;
  priority: TodoPriority;
  done: boolean;
}

export interface TodoListState {
  exists: boolean;
  title: string;
  archived: boolean;
  /** Current todos by id, in insertion order. */
  todos: Record<string, Todo>;
}

export const initialTodoListState = (): TodoListState => ({
  exists: false,
  title: '',
  archived: false,
  todos: {},
});
