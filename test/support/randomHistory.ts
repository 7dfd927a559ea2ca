/**
 * A random but seeded history of todo-list commands over many aggregates in several contexts:
 * every list is created first, then adds, completions, reopenings, removals and renames, some of
 * them sent async. A few "hot" lists get a large share, so that they pass the snapshot interval
 * and see the most contention. Commands that the domain will refuse (a todo removed meanwhile, a
 * list not created yet when a concurrent command arrives) are part of a realistic history.
 */
import type { CommandRequest } from '#application/commandRequest';

export interface PlannedCommand {
  request: CommandRequest;
  async: boolean;
}

export interface HistoryShape {
  contexts: readonly string[];
  listsPerContext: number;
  commands: number;
  /** Share of the commands sent async (through the FIFO command queue). */
  asyncShare: number;
  /** How many lists are hot, and the share of the commands they get. */
  hotLists: number;
  hotShare: number;
}

export interface History {
  lists: { context: string; aggregateId: string }[];
  commands: PlannedCommand[];
}

const ISSUED_AT = '2026-11-22T10:00:00.000Z';

export const randomHistory = (random: () => number, shape: HistoryShape): History => {
  const lists = shape.contexts.flatMap((context) =>
    Array.from({ length: shape.listsPerContext }, (_, i) => ({ context, aggregateId: `list-${i}` })),
  );
  const todos = new Map<(typeof lists)[number], string[]>();
  const commands: PlannedCommand[] = [];
  const plan = (list: (typeof lists)[number], type: string, payload: unknown) =>
    commands.push({
      request: { ...list, commandId: `cmd-${commands.length}`, type, payload, issuedAt: ISSUED_AT },
      async: random() < shape.asyncShare,
    });

  for (const list of lists) plan(list, 'CreateTodoList', { title: `${list.context}/${list.aggregateId}` });
  while (commands.length < shape.commands) {
    const hot = random() < shape.hotShare;
    const index = hot
      ? Math.floor(random() * shape.hotLists)
      : shape.hotLists + Math.floor(random() * (lists.length - shape.hotLists));
    const list = lists[index] as (typeof lists)[number];
    const ids = todos.get(list) ?? [];
    const pick = ids[Math.floor(random() * ids.length)];
    const roll = random();
    if (roll < 0.45 || !pick) {
      const todoId = `t${commands.length}`;
      plan(list, 'AddTodo', { todoId, text: `todo ${commands.length}` });
      todos.set(list, [...ids, todoId]);
    } else if (roll < 0.65) plan(list, 'CompleteTodo', { todoId: pick });
    else if (roll < 0.75) plan(list, 'ReopenTodo', { todoId: pick });
    else if (roll < 0.85) {
      plan(list, 'RemoveTodo', { todoId: pick });
      todos.set(
        list,
        ids.filter((id) => id !== pick),
      );
    } else plan(list, 'RenameTodoList', { title: `renamed ${commands.length}` });
  }
  return { lists, commands };
};
