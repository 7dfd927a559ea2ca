/**
 * Process managers, end to end in the local runtime (embedded stores, `npm start`'s wiring):
 * - event to command: RegisterUser answered (its event committed) until the process's command
 *   (CreateTodoList `inbox-<id>`) is committed, seen on the events endpoint polled every 2 ms;
 *   one user at a time, so the figure is the latency of an idle flow;
 * - deadline lateness: lists completed together with `archiveAfter` = 1 s; lateness is the time
 *   from CompleteTodo answered + 1 s until the list's TodoListArchived is committed (polled every
 *   5 ms). It is an upper bound: the deadline counts from the commit, a little before the answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSampleDomain } from '#domain/index';
import { startLocalRuntime } from '../../local/runtime';
import { sendCommand } from '../http';
import { round, summarize } from '../stats';

const ARCHIVE_AFTER_MS = 1_000;

const hasEvent = async (url: string, listId: string, type: string): Promise<boolean> => {
  const response = await fetch(`${url}/v1/default/aggregates/todoList/${listId}/events`);
  if (response.status !== 200) return false;
  return ((await response.json()) as { events: { type: string }[] }).events.some((event) => event.type === type);
};

const waitFor = async (check: () => Promise<boolean>, pollMs: number, what: string): Promise<number> => {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} never happened`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return performance.now();
};

export const processLatency = async (users: number, lists: number, tag: string) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-processes-'));
  const runtime = await startLocalRuntime({
    port: 0,
    dataDir,
    domain: createSampleDomain({ archiveAfter: `PT${ARCHIVE_AFTER_MS / 1000}S` }),
    log: () => {},
  });
  try {
    const url = runtime.url;
    const toCommand: number[] = [];
    for (let i = 0; i < users; i++) {
      const user = `${tag}-u${i}`;
      await sendCommand(url, {
        type: 'RegisterUser',
        aggregateId: user,
        payload: { name: user, email: `${user}@example.com` },
      });
      const committed = performance.now();
      const seen = await waitFor(() => hasEvent(url, `inbox-${user}`, 'TodoListCreated'), 2, `inbox of ${user}`);
      toCommand.push(seen - committed);
    }
    const ids = Array.from({ length: lists }, (_, i) => `${tag}-d${i}`);
    for (const id of ids) {
      await sendCommand(url, { type: 'CreateTodoList', aggregateId: id, payload: { title: id } });
      await sendCommand(url, { type: 'AddTodo', aggregateId: id, payload: { todoId: 'a', text: 'a' } });
    }
    const lateness = await Promise.all(
      ids.map(async (id) => {
        await sendCommand(url, { type: 'CompleteTodo', aggregateId: id, payload: { todoId: 'a' } });
        const due = performance.now() + ARCHIVE_AFTER_MS;
        const archived = await waitFor(() => hasEvent(url, id, 'TodoListArchived'), 5, `archive of ${id}`);
        return archived - due;
      }),
    );
    return {
      eventToCommand: summarize(toCommand),
      deadlineLateness: {
        ...summarize(lateness),
        lists,
        archiveAfterMs: ARCHIVE_AFTER_MS,
        maxMs: round(Math.max(...lateness)),
      },
    };
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
