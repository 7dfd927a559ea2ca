import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { CairnClient, type ConnectionState, type View } from '../../web/cairnClient';
import { postJson } from '../support/localRuntimeProcess';
import { until } from '../support/until';

// The browser client in Node: `ws` stands in for the browser's WebSocket (same event-handler API).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, log: () => {} });
});
afterAll(async () => {
  await runtime?.close();
});

describe('browser client', () => {
  it('reconnects after the connection drops and resumes from the last version, no gap, no duplicate', async () => {
    const add = (todoId: string) =>
      postJson(`${runtime.url}/v1/default/commands`, {
        type: 'AddTodo',
        aggregateId: 'client-1',
        payload: { todoId, text: todoId },
      });
    await postJson(`${runtime.url}/v1/default/commands`, {
      type: 'CreateTodoList',
      aggregateId: 'client-1',
      payload: { title: 'Client' },
    });
    const states: ConnectionState[] = [];
    const client = new CairnClient({
      baseUrl: runtime.url,
      context: 'default',
      retryMs: 50,
      onState: (s) => states.push(s),
    });
    const seen: View[] = [];
    client.subscribe('todoList', 'client-1', (view) => seen.push(view));
    await until(() => seen.length === 1);
    await add('a');
    await until(() => seen.length === 2);

    runtime.sockets?.terminateAll();
    await until(() => states.includes('reconnecting'));
    await add('b'); // while the client is away
    await add('c');
    await until(() => seen.at(-1)?.version === 4);
    await add('d');
    await until(() => seen.at(-1)?.version === 5);
    // Strictly increasing (never a version twice); 3 may or may not be seen, depending on when the
    // reconnect lands, but the view delivered after it holds everything (no gap in state).
    const versions = seen.map((view) => view.version);
    expect(versions.slice(0, 2)).toEqual([1, 2]);
    expect(versions.every((version, i) => i === 0 || version > (versions[i - 1] ?? 0))).toBe(true);
    expect(versions).toContain(4);
    expect(seen.at(-1)?.data).toMatchObject({ openCount: 4 });

    const answer = await client.command({
      type: 'AddTodo',
      aggregateId: 'client-1',
      payload: { todoId: 'e', text: 'over the socket' },
    });
    expect(answer).toMatchObject({ status: 200, version: 6 });
    const refused = await client.command({
      type: 'AddTodo',
      aggregateId: 'client-1',
      payload: { todoId: 'e', text: 'again' },
    });
    expect(refused).toMatchObject({ status: 422, error: { code: 'TODO_ALREADY_EXISTS' } });
    client.close();
  });
});
