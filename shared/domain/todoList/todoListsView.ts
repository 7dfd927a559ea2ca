/**
 * Every todo list of a context in one view (key `all`): title, archived and counts per list. Its
 * key is not an aggregate id, and many aggregates feed it, so its version is the total of its
 * lists' versions.
 * The view keeps, per list, which todos are done, so that removing a todo updates the right count.
 */
import { ownEntry } from '#core/ownEntry';
import { defineProjection } from '#core/projection';
import { todoListAggregate } from './aggregate';
import type { TodoListEvent } from './events';

export const ALL_LISTS_KEY = 'all';

export interface TodoListSummary {
  title: string;
  archived: boolean;
  openCount: number;
  doneCount: number;
  /** todoId → done. */
  todos: Record<string, boolean>;
}

export interface TodoListsView {
  lists: Record<string, TodoListSummary>;
}

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
  initialView: (): TodoListsView => ({ lists: {} }),
  evolve: (view, event) => {
    const before = ownEntry(view.lists, event.aggregateId) ?? emptySummary();
    return { lists: { ...view.lists, [event.aggregateId]: changeList(before, event) } };
  },
});
