/**
 * A collection of per-list summaries, one view per list (key = list id): title, archived and
 * counts, listed through the collection query (`GET /v1/{c}/views/todoLists?filter=archived:false&sort=title`)
 * and followed live as a collection. Each event rewrites only its own list's summary, so the cost
 * per event does not grow with the number of lists. The summary keeps which todos are done, so
 * that removing a todo updates the right count.
 */
import { defineProjection } from '#core/projection';
import * as z from '#core/zod';
import { todoListAggregate } from './aggregate';
import type { TodoListEvent } from './events';

const count = z.int().check(z.nonnegative());

export const todoListSummarySchema = z.object({
  listId: z.string(),
  title: z.string(),
  archived: z.boolean(),
  openCount: count,
  doneCount: count,
  todos: z.record(z.string(), z.boolean()).check(z.describe('todoId → done.')),
});

export type TodoListSummary = z.infer<typeof todoListSummarySchema>;

const summarize = (summary: TodoListSummary, todos: Record<string, boolean>): TodoListSummary => {
  const doneCount = Object.values(todos).filter(Boolean).length;
  return { ...summary, todos, doneCount, openCount: Object.keys(todos).length - doneCount };
};

const changeList = (summary: TodoListSummary, event: TodoListEvent): TodoListSummary => {
  switch (event.type) {
    case 'TodoListCreated':
    case 'TodoListRenamed':
      return { ...summary, title: event.data.title };
    case 'TodoAdded':
      return summarize(summary, { ...summary.todos, [event.data.todoId]: false });
    case 'TodoCompleted':
      return summarize(summary, { ...summary.todos, [event.data.todoId]: true });
    case 'TodoReopened':
      return summarize(summary, { ...summary.todos, [event.data.todoId]: false });
    case 'TodoRemoved': {
      const { [event.data.todoId]: _removed, ...todos } = summary.todos;
      return summarize(summary, todos);
    }
    case 'TodoListArchived':
      return { ...summary, archived: true };
    default: {
      const unreachable: never = event;
      throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
};

export const todoListsProjection = defineProjection({
  name: 'todoLists',
  sources: [todoListAggregate],
  versioning: 'aggregate',
  keyOf: (event) => event.aggregateId,
  view: todoListSummarySchema,
  // The open (or archived) lists, by title: what a list of lists shows.
  index: { filters: ['archived'], sort: 'title' },
  initialView: (listId): TodoListSummary => ({
    listId,
    title: '',
    archived: false,
    openCount: 0,
    doneCount: 0,
    todos: {},
  }),
  evolve: (summary, event) => changeList(summary, event),
});
