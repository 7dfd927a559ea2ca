/** One view per todo list: its title, state and todos, with open and done counts. */
import { defineProjection, type ProjectedEvent } from '#core/projection';
import * as z from '#core/zod';
import { todoListAggregate } from './aggregate';
import type { TodoListEvent } from './events';

const count = z.int().check(z.nonnegative());

export const todoViewSchema = z.object({
  todoId: z.string(),
  text: z.string(),
  priority: z.enum(['low', 'normal', 'high']).check(z.describe("'normal' for todos added before priorities.")),
  done: z.boolean(),
});

export const todoListViewSchema = z.object({
  listId: z.string(),
  title: z.string(),
  archived: z.boolean(),
  /** Null until the list is created (a view exists from its first event on). */
  createdAt: z.nullable(z.iso.datetime()),
  todos: z.array(todoViewSchema).check(z.describe('In the order they were added.')),
  openCount: count,
  doneCount: count,
});

export type TodoView = z.infer<typeof todoViewSchema>;
export type TodoListView = z.infer<typeof todoListViewSchema>;

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
    case 'TodoAdded': {
      const { todoId, text, priority } = event.data;
      return counted(view, [...view.todos, { todoId, text, priority, done: false }]);
    }
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
  view: todoListViewSchema,
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
