/** One view per todo list: its title, state and todos, with open and done counts. */
import { defineProjection, type ProjectedEvent } from '#core/projection';
import { todoListAggregate } from './aggregate';
import type { TodoListEvent } from './events';

export interface TodoView {
  todoId: string;
  text: string;
  done: boolean;
}

export interface TodoListView {
  listId: string;
  title: string;
  archived: boolean;
  createdAt: string | null;
  todos: TodoView[];
  openCount: number;
  doneCount: number;
}

const counted = (view: TodoListView, todos: TodoView[]): TodoListView => {
  const doneCount = todos.filter((todo) => todo.done).length;
  return { ...view, todos, doneCount, openCount: todos.length - doneCount };
};

const setDone = (view: TodoListView, todoId: string, done: boolean): TodoListView =>
  counted(
    view,
    view.todos.map((todo) => (todo.todoId === todoId ? { ...todo, done } : todo)),
  );

export const evolveTodoList = (view: TodoListView, event: ProjectedEvent<TodoListEvent>): TodoListView => {
  switch (event.type) {
    case 'TodoListCreated':
      return { ...view, title: event.data.title, createdAt: event.data.createdAt };
    case 'TodoListRenamed':
      return { ...view, title: event.data.title };
    case 'TodoAdded':
      return counted(view, [...view.todos, { todoId: event.data.todoId, text: event.data.text, done: false }]);
    case 'TodoCompleted':
      return setDone(view, event.data.todoId, true);
    case 'TodoReopened':
      return setDone(view, event.data.todoId, false);
    case 'TodoRemoved':
      return counted(
        view,
        view.todos.filter((todo) => todo.todoId !== event.data.todoId),
      );
    case 'TodoListArchived':
      return { ...view, archived: true };
    default: {
      const unreachable: never = event;
      throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
};

export const todoListProjection = defineProjection({
  name: 'todoList',
  sources: [todoListAggregate],
  versioning: 'aggregate',
  keyOf: (event) => event.aggregateId,
  // The open (or archived) lists (`?filter=archived:false`), by title (`?sort=title`).
  index: { filters: ['archived'], sort: 'title' },
  initialView: (listId): TodoListView => ({
    listId,
    title: '',
    archived: false,
    createdAt: null,
    todos: [],
    openCount: 0,
    doneCount: 0,
  }),
  evolve: evolveTodoList,
});
