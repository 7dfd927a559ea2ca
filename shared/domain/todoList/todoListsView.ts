/**
 * Every todo list of a context in one view (key `all`): title, archived and counts per list. Its
 * key is not an aggregate id, and many aggregates feed it, so its version is the total of its
 * lists' versions.
 * The view keeps, per list, which todos are done, so that removing a todo updates the right count.
 */
import { ownEntry } from '#core/ownEntry';
import { defineProjection } from '#core/projection';
import * as z from '#core/zod';
import { todoListAggregate } from './aggregate';
import type { TodoListEvent } from './events';

export const ALL_LISTS_KEY = 'all';

const count = z.int().check(z.nonnegative());

export const todoListSummarySchema = z.object({
  title: z.string(),
  archived: z.boolean(),
  openCount: count,
  doneCount: count,
  todos: z.record(z.string(), z.boolean()).check(z.describe('todoId → done.')),
});

export const todoListsViewSchema = z.object({
  lists: z.record(z.string(), todoListSummarySchema).check(z.describe('listId → its summary.')),
});

export type TodoListSummary = z.infer<typeof todoListSummarySchema>;
export type TodoListsView = z.infer<typeof todoListsViewSchema>;

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

const emptySummary = (): TodoListSummary => ({ title: '', archived: false, openCount: 0, doneCount: 0, todos: {} });

export const todoListsProjection = defineProjection({
  name: 'todoLists',
  sources: [todoListAggregate],
  versioning: 'total',
  keyOf: () => ALL_LISTS_KEY,
  view: todoListsViewSchema,
  initialView: (): TodoListsView => ({ lists: {} }),
  evolve: (view, event) => {
    const before = ownEntry(view.lists, event.aggregateId) ?? emptySummary();
    return { lists: { ...view.lists, [event.aggregateId]: changeList(before, event) } };
  },
});
