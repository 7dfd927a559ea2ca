/**
 * Several runtimes, one system: three `CAIRN_STORE=aws npm start` processes on one DynamoDB Local
 * and one LocalStack (the same tables and queues, one shared secret), a client on each. Every
 * change reaches every client once and in order, whichever runtime handled the command and
 * whichever projected it; async commands for one aggregate sent to different runtimes apply once,
 * in order; a context created on one runtime is served by all.
 */
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DynamoConnectionRegistry } from '#adapters/dynamodb/dynamoConnectionRegistry';
import { CairnClient } from '../../web/cairnClient';
import { documentClientFor, dynamoClient, freshFifoQueue, sqsClient } from '../support/aws';
import { clusterEnv } from '../support/clusterEnv';
import { getJson, postJson, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';
import { startTcpBalancer } from '../support/tcpBalancer';
import { until } from '../support/until';

const suffix = randomUUID().slice(0, 8);
let runtimes: RuntimeProcess[] = [];
const browserClients: CairnClient[] = [];
// The browser client in Node: `ws` stands in for the browser's WebSocket (same event-handler API).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

beforeAll(async () => {
  const sqs = sqsClient();
  const [commands, projections] = await Promise.all([freshFifoQueue(sqs), freshFifoQueue(sqs)]);
  const env = clusterEnv('cl', suffix, {
    commands: commands.queueUrl,
    projections: projections.queueUrl,
    dlq: projections.dlqUrl,
  });
  // The first creates the tables; the others find them.
  runtimes = [await startRuntimeProcess(env)];
  runtimes.push(...(await Promise.all([startRuntimeProcess(env), startRuntimeProcess(env)])));
}, 120_000);
afterAll(async () => {
  for (const client of browserClients) client.close();
  await Promise.all(runtimes.map((runtime) => runtime.stop()));
});

const at = (i: number) => runtimes[i % runtimes.length] as RuntimeProcess;
const send = (i: number, body: unknown, headers: Record<string, string> = {}) =>
  postJson(`${at(i).url}/v1/default/commands`, body, headers);

describe('three runtimes as one system', () => {
  it('pushes every change to a client on each runtime, once and in order, whichever runtime handled it', async () => {
    expect((await send(0, { type: 'CreateTodoList', aggregateId: 'cl-1', payload: { title: 'Shared' } })).status).toBe(
      200,
    );
    const seen = runtimes.map(() => [] as number[]);
    for (const [i, runtime] of runtimes.entries()) {
      const client = new CairnClient({ baseUrl: runtime.url, context: 'default', retryMs: 100 });
      browserClients.push(client);
      client.subscribe('todoList', 'cl-1', (view) => seen[i]?.push(view.version));
    }
    await until(() => seen.every((versions) => versions.length === 1), 10_000);
    for (let i = 0; i < 9; i++) {
      const answer = await send(i, {
        type: 'AddTodo',
        aggregateId: 'cl-1',
        payload: { todoId: `t${i}`, text: `t${i}` },
      });
      expect(answer.status).toBe(200);
    }
    await until(() => seen.every((versions) => versions.at(-1) === 10), 30_000);
    // Each change once, in order: the client drops a frame whose version it has delivered already.
    for (const versions of seen) expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('applies async commands for one aggregate sent to different runtimes once, in order', async () => {
    expect((await send(0, { type: 'CreateTodoList', aggregateId: 'cl-2', payload: { title: 'Async' } })).status).toBe(
      200,
    );
    for (let i = 0; i < 12; i++) {
      const accepted = await send(
        i,
        { type: 'AddTodo', aggregateId: 'cl-2', payload: { todoId: `a${i}`, text: `a${i}` } },
        {
          Prefer: 'respond-async',
        },
      );
      expect(accepted.status).toBe(202);
    }
    await until(
      async () => (await getJson(`${at(1).url}/v1/default/aggregates/todoList/cl-2/events`)).json?.version === 13,
      30_000,
    );
    const { json } = await getJson(`${at(2).url}/v1/default/aggregates/todoList/cl-2/events`);
    const added = (json.events as { type: string; data: { todoId: string } }[]).filter(
      (event) => event.type === 'TodoAdded',
    );
    expect(added.map((event) => event.data.todoId)).toEqual(Array.from({ length: 12 }, (_, i) => `a${i}`));
  });

  it('serves a context created on one runtime on all of them', async () => {
    const created = await postJson(`${at(0).url}/v1/_admin/contexts`, { name: `shop${suffix}` });
    expect(created.status).toBe(201);
    for (const i of [1, 2]) {
      await until(async () => {
        const answer = await postJson(`${at(i).url}/v1/shop${suffix}/commands`, {
          type: 'CreateTodoList',
          aggregateId: `in-${i}`,
          payload: { title: 'x' },
        });
        return answer.status === 200;
      }, 10_000);
    }
  });

  it('loses nothing when one is killed: its accepted commands complete on the others, its connections are pruned, its client resumes on another', async () => {
    const victim = at(2);
    const endpoint = /manage\s+(\S+)/.exec(victim.output())?.[1] ?? '';
    expect(endpoint).toMatch(/^http:/);
    expect((await send(0, { type: 'CreateTodoList', aggregateId: 'cl-3', payload: { title: 'Kill' } })).status).toBe(
      200,
    );
    // Behind a balancer that sends it to the victim while it is up, to another runtime after.
    const balancer = await startTcpBalancer([victim.url, at(0).url, at(1).url]);
    const states: string[] = [];
    const client = new CairnClient({
      baseUrl: balancer.url,
      context: 'default',
      retryMs: 100,
      onState: (state) => states.push(state),
    });
    browserClients.push(client);
    const seen: number[] = [];
    client.subscribe('todoList', 'cl-3', (view) => seen.push(view.version));
    await until(() => seen.length === 1, 10_000);
    const accepted = [];
    for (let i = 0; i < 5; i++) {
      const body = { type: 'AddTodo', aggregateId: 'cl-3', payload: { todoId: `k${i}`, text: `k${i}` } };
      accepted.push(await send(2, body, { Prefer: 'respond-async' }));
    }
    // kill -9 of the runtime (and of any child of it).
    execSync(`pkill -KILL -P ${victim.pid} || true`);
    process.kill(victim.pid, 'SIGKILL');
    runtimes = runtimes.filter((runtime) => runtime !== victim); // stopped already
    expect(accepted.every((answer) => answer.status === 202)).toBe(true);
    // Whatever the killed runtime held comes back within the queues' short visibility.
    await until(
      async () => (await getJson(`${at(0).url}/v1/default/aggregates/todoList/cl-3/events`)).json?.version === 6,
      40_000,
    );
    // Pushes to its sockets fail; once its lease lapses, the others prune its connections.
    const registry = new DynamoConnectionRegistry(documentClientFor(dynamoClient()), `cl-connections-${suffix}`);
    const remaining = async () => {
      let count = 0;
      for await (const _ of registry.connectionsAt(endpoint)) count += 1;
      return count;
    };
    expect(await remaining()).toBeGreaterThan(0);
    let n = 0;
    await until(async () => {
      await send(n++, { type: 'RenameTodoList', aggregateId: 'cl-3', payload: { title: `after ${n}` } });
      // Paced: a change every quarter second is enough to find the dead sockets, and no backlog.
      await new Promise((done) => setTimeout(done, 250));
      return (await remaining()) === 0;
    }, 40_000).catch(async (error) => {
      throw new Error(`${error}: ${await remaining()} connections left at ${endpoint}`);
    });
    // Its client reconnected through the balancer to another runtime and resumed: no gap, no repeat.
    // The aggregate's version, read from the event store.
    const last = (await getJson(`${at(0).url}/v1/default/aggregates/todoList/cl-3/events`)).json?.version as number;
    await until(() => seen.at(-1) === last, 20_000).catch((error) => {
      throw new Error(`${error}: saw ${seen.join(',')} of ${last}, states ${states.join(',')}`);
    });
    expect(states.filter((state) => state === 'open').length).toBeGreaterThan(1); // it did reconnect
    expect(seen.every((version, i) => i === 0 || version > (seen[i - 1] ?? 0))).toBe(true);
    expect(seen.at(-1)).toBe(last);
    await balancer.close();
  });
});
