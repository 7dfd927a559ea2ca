/**
 * The history of the todo list's event shapes: what was stored stays as written, and every reader
 * (the decider's evolve, the views, the events endpoint) gets the newest shape through these steps.
 */
import type { EventSchemas } from '#core/upcasting';
import type { TodoAdded, TodoListEvent } from './events';

/** TodoAdded as written at schema version 1, before todos had a priority. */
interface TodoAddedV1 {
  todoId: string;
  text: string;
}

export const todoListEventSchemas: EventSchemas<TodoListEvent['type']> = {
  TodoAdded: {
    version: 2,
    upcasters: {
      // Todos added before priorities existed were all of the same importance: the default one.
      1: (data: TodoAddedV1): TodoAdded['data'] => ({ ...data, priority: 'normal' }),
    },
  },
};
