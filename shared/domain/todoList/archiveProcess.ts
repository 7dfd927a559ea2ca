/**
 * When every todo of a list is done (at least one), the list is archived after a delay
 * (`archiveAfter`, an ISO 8601 duration: 7 days unless configured). Adding or reopening a todo
 * before then cancels it, and so does archiving the list by hand; removing todos may make every
 * remaining one done, which schedules it again.
 */
import { defineProcessManager } from '#core/processManager';
import { todoListAggregate } from './aggregate';

export const DEFAULT_ARCHIVE_AFTER = 'P7D';
export const ARCHIVE_DEADLINE = 'archive';

export interface ArchiveProcessState {
  listId: string;
  /** todoId → done. */
  todos: Record<string, boolean>;
  archived: boolean;
  /** Whether the archive deadline is pending. */
  scheduled: boolean;
}

const allDone = (todos: Record<string, boolean>) => {
  const states = Object.values(todos);
  return states.length > 0 && states.every(Boolean);
};

export const archiveProcess = (archiveAfter: string = DEFAULT_ARCHIVE_AFTER) =>
  defineProcessManager({
    name: 'archiveWhenDone',
    sources: [todoListAggregate],
    keyOf: (event) => event.aggregateId,
    initialState: (listId): ArchiveProcessState => ({ listId, todos: {}, archived: false, scheduled: false }),
    react: (state, event) => {
      const todos = { ...state.todos };
      let { archived } = state;
      switch (event.type) {
        case 'TodoAdded':
        case 'TodoReopened':
          todos[event.data.todoId] = false;
          break;
        case 'TodoCompleted':
          todos[event.data.todoId] = true;
          break;
        case 'TodoRemoved':
          delete todos[event.data.todoId];
          break;
        case 'TodoListArchived':
          archived = true;
          break;
        default:
          return { state };
      }
      const due = !archived && allDone(todos);
      const next = { ...state, todos, archived, scheduled: due };
      if (due && !state.scheduled) return { state: next, schedule: [{ name: ARCHIVE_DEADLINE, after: archiveAfter }] };
      if (!due && state.scheduled) return { state: next, cancel: [ARCHIVE_DEADLINE] };
      return { state: next };
    },
    onDeadline: (state, deadline) => {
      if (deadline.name !== ARCHIVE_DEADLINE || state.archived) return { state: { ...state, scheduled: false } };
      return {
        state: { ...state, scheduled: false },
        commands: [{ type: 'ArchiveTodoList', aggregateId: state.listId, payload: {} }],
      };
    },
  });
