/**
 * API Gateway ends every WebSocket connection after 2 hours (1001); the local gateway does the
 * same at `maxConnectionMs`, shortened here to 1.5 s. The browser client, subscribed to one view
 * and to a collection larger than the socket's first page, must ride through several such cuts
 * while commands keep flowing: reconnect at once (a planned cut is no failure to back off from),
 * resubscribe from what it holds, and end with every view at its last version, none missing,
 * none delivered twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COLLECTION_FIRST_PAGE } from '#application/liveCollections';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { CairnClient, type ConnectionState, type View } from '../../web/cairnClient';
import { postJson } from '../support/localRuntimeProcess';
import { until } from '../support/until';

/** `ws` in the browser's place, recording how each connection ended (an unheard error event is ignored, as in a browser). */
const closeCodes: number[] = [];
class RecordingWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.addEventListener('close', (event) => closeCodes.push(event.code));
    this.on('error', () => {});
  }
}
(globalThis as { WebSocket?: unknown }).WebSocket = RecordingWebSocket;

const MAX_CONNECTION_MS = 1_500;
const CUTS = 3;
// Backing off this long after a cut would leave the client away for seconds: the test would see it.
const RETRY_MS = 5_000;
const MEMBERS = COLLECTION_FIRST_PAGE + 12; // the collection goes on past the socket's first page

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, socketLimits: { maxConnectionMs: MAX_CONNECTION_MS }, log: () => {} });
});
afterAll(async () => {
  await runtime?.close();
});

const command = async (type: string, aggregateId: string, payload: unknown): Promise<number> => {
  const answer = await postJson(`${runtime.url}/v1/default/commands`, { type, aggregateId, payload });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return Number(answer.json.version);
};

const strictlyIncreasing = (versions: number[]) => versions.every((v, i) => i === 0 || v > (versions[i - 1] ?? 0));

describe('the browser client across the connection-lifetime cut', () => {
  it('reconnects at once on 1001 and keeps a view and a collection whole, with commands flowing', async () => {
    const members = Array.from({ length: MEMBERS }, (_, i) => `cut-${String(i).padStart(3, '0')}`);
    const expected = new Map<string, number>();
    for (const id of members) expected.set(id, await command('CreateTodoList', id, { title: id }));
    const listId = 'cut-main';
    expected.set(listId, await command('CreateTodoList', listId, { title: 'main' }));
    await fetch(`${runtime.url}/v1/default/views/todoLists?member=${listId}&minVersion=1`);

    const states: { state: ConnectionState; at: number }[] = [];
    const client = new CairnClient({
      baseUrl: runtime.url,
      context: 'default',
      retryMs: RETRY_MS,
      onState: (state) => states.push({ state, at: Date.now() }),
    });
    const seen: View[] = [];
    client.subscribe('todoList', listId, (view) => seen.push(view));
    const delivered = new Map<string, View[]>();
    client.subscribeCollection('todoLists', (view) =>
      delivered.set(view.key, [...(delivered.get(view.key) ?? []), view]),
    );
    await until(() => states.some(({ state }) => state === 'open') && seen.length === 1);
    // The socket answers the first page; the client lists the rest over REST.
    await until(() => delivered.size === expected.size);

    // Commands flow until the connection has been cut CUTS times, then a little longer.
    const todos: string[] = [];
    const deadline = Date.now() + CUTS * MAX_CONNECTION_MS + 8_000;
    let round = 0;
    const cuts = () => closeCodes.filter((code) => code === 1001).length;
    while ((cuts() < CUTS || round % 10 !== 0) && Date.now() < deadline) {
      round += 1;
      const todoId = `t${round}`;
      todos.push(todoId);
      expected.set(listId, await command('AddTodo', listId, { todoId, text: todoId }));
      // Members past the first page are changed as often as those in it.
      const member = members[(round * 7) % members.length] ?? '';
      expected.set(member, await command('RenameTodoList', member, { title: `${member} r${round}` }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(cuts()).toBeGreaterThanOrEqual(CUTS);

    const final = expected.get(listId);
    await until(() => seen.at(-1)?.version === final, 10_000);
    await until(() => [...expected].every(([key, version]) => delivered.get(key)?.at(-1)?.version === version), 10_000);
    client.close();

    // The cuts were the gateway's 1001, each followed by a reconnect at once, not after a backoff.
    expect(closeCodes.slice(0, CUTS)).toEqual(Array(CUTS).fill(1001));
    // (A cut that came while the test waited for the last views may still be reconnecting when the
    // test closes the client: that one ends in 'closed', by the test's hand, and is not counted.)
    const reconnects = states.flatMap(({ state, at }, i) => {
      if (state !== 'reconnecting') return [];
      const ended = states.slice(i + 1).find((next) => next.state === 'open' || next.state === 'closed');
      if (ended?.state === 'closed') return [];
      return [ended ? ended.at - at : Number.POSITIVE_INFINITY];
    });
    expect(reconnects.length).toBeGreaterThanOrEqual(CUTS);
    for (const took of reconnects) expect(took).toBeLessThan(RETRY_MS / 2);
    expect(states.at(-1)?.state).toBe('closed');

    // The view: every version once, in order, the last one holding every todo added.
    const versions = seen.map((view) => view.version);
    expect(strictlyIncreasing(versions), versions.join(',')).toBe(true);
    expect(versions.at(-1)).toBe(final);
    const last = seen.at(-1)?.data as { todos: { todoId: string }[]; openCount: number };
    expect(last.todos.map((todo) => todo.todoId)).toEqual(todos);
    expect(last.openCount).toBe(todos.length);

    // The collection: every member, at its last version, each version delivered once.
    expect([...delivered.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, views] of delivered) {
      const memberVersions = views.map((view) => view.version);
      expect(strictlyIncreasing(memberVersions), `${key}: ${memberVersions.join(',')}`).toBe(true);
      expect(views.at(-1)?.version, key).toBe(expected.get(key));
    }
    const renamed = members[(round * 7) % members.length] ?? '';
    expect(delivered.get(renamed)?.at(-1)?.data).toMatchObject({ title: `${renamed} r${round}` });
  }, 60_000);
});
