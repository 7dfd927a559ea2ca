/**
 * How long a dead runtime's work takes to move: two `CAIRN_STORE=aws npm start` processes on one
 * DynamoDB Local and one LocalStack (shared tables, queues and cluster secret; by default 10 s
 * queue visibility, 10 s stream lease and 10 s runtime lease, or the `settings` given). Each round `kill -9`s the runtime
 * that holds the events stream's shard lease (so the stream has to move too) right after it
 * accepted a burst of async commands, and times, from the kill:
 * - commands: until every command it accepted is applied (on the survivor);
 * - stream: until a change committed on the survivor after the kill is pushed to a socket there
 *   (the shard's lease taken over, the stream read on from its checkpoint, projected, pushed);
 * - connections: until the victim's connections are pruned from the shared registry;
 * - client: until a client that was on the victim, behind a balancer, has that change too
 *   (reconnected to the survivor and resumed from the version it held).
 * A fresh runtime replaces the victim before the next round (untimed).
 */
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import WebSocket from 'ws';
import { DynamoConnectionRegistry } from '#adapters/dynamodb/dynamoConnectionRegistry';
import { documentClientFor, dynamoClient, freshFifoQueue, sqsClient } from '../../test/support/aws';
import { clusterEnv } from '../../test/support/clusterEnv';
import { getJson, postJson, type RuntimeProcess, startRuntimeProcess } from '../../test/support/localRuntimeProcess';
import { startTcpBalancer } from '../../test/support/tcpBalancer';
import { CairnClient } from '../../web/cairnClient';
import { summarize } from '../stats';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const waitUntil = async (check: () => boolean | Promise<boolean>, what: string, pollMs = 50): Promise<number> => {
  const deadline = Date.now() + 90_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`failover bench: ${what} never happened`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return performance.now();
};

const portOf = (runtime: RuntimeProcess) => new URL(runtime.url).port;
const killHard = (runtime: RuntimeProcess) => {
  // kill -9, as a crash would (and any child of it).
  execSync(`pkill -KILL -P ${runtime.pid} || true`);
  process.kill(runtime.pid, 'SIGKILL');
};
const todosAdded = async (runtime: RuntimeProcess, listId: string): Promise<number> => {
  const { json } = await getJson(`${runtime.url}/v1/default/aggregates/todoList/${listId}/events`);
  return ((json?.events ?? []) as { type: string }[]).filter((event) => event.type === 'TodoAdded').length;
};

export const runtimeFailover = async (rounds: number, burst: number, settings: Record<string, string> = {}) => {
  const suffix = randomUUID().slice(0, 8);
  const sqs = sqsClient();
  const [commands, projections] = await Promise.all([freshFifoQueue(sqs), freshFifoQueue(sqs)]);
  const env = clusterEnv('fo', suffix, {
    commands: commands.queueUrl,
    projections: projections.queueUrl,
    dlq: projections.dlqUrl,
  });
  Object.assign(env, settings);
  const documents = documentClientFor(dynamoClient());
  const registry = new DynamoConnectionRegistry(documents, `fo-connections-${suffix}`);
  const leaseOwners = async () =>
    (
      (await documents.send(new ScanCommand({ TableName: `fo-leases-${suffix}`, ConsistentRead: true }))).Items ?? []
    ).map((item) => String(item.owner ?? ''));
  const runtimes = [await startRuntimeProcess(env)];
  runtimes.push(await startRuntimeProcess(env));
  const times = {
    commands: [] as number[],
    stream: [] as number[],
    connections: [] as number[],
    client: [] as number[],
  };
  try {
    for (let round = 0; round < rounds; round++) {
      // The victim: the runtime holding the stream's lease (the first to start, then the survivor).
      await waitUntil(async () => (await leaseOwners()).some((owner) => owner.includes(':')), 'a stream lease');
      const owners = await leaseOwners();
      const victim = runtimes.find((r) => owners.some((owner) => owner.includes(`:${portOf(r)}/`))) ?? runtimes[0];
      const survivor = runtimes.find((runtime) => runtime !== victim);
      if (!victim || !survivor) throw new Error('failover bench: two runtimes needed');
      const endpoint = /manage\s+(\S+)/.exec(victim.output())?.[1] ?? '';
      const listId = `fo-${suffix}-${round}`;
      await postJson(`${survivor.url}/v1/default/commands`, {
        type: 'CreateTodoList',
        aggregateId: listId,
        payload: { title: 'failover' },
      });
      const onSurvivor: number[] = [];
      const viaBalancer: number[] = [];
      const balancer = await startTcpBalancer([victim.url, survivor.url]);
      const clients = [
        new CairnClient({ baseUrl: survivor.url, context: 'default', retryMs: 100 }),
        new CairnClient({ baseUrl: balancer.url, context: 'default', retryMs: 100 }),
      ];
      clients[0]?.subscribe('todoList', listId, (view) => onSurvivor.push(view.version));
      clients[1]?.subscribe('todoList', listId, (view) => viaBalancer.push(view.version));
      await waitUntil(() => onSurvivor.length > 0 && viaBalancer.length > 0, 'the first views');
      for (let i = 0; i < burst; i++) {
        const body = { type: 'AddTodo', aggregateId: listId, payload: { todoId: `k${i}`, text: `k${i}` } };
        await postJson(`${victim.url}/v1/default/commands`, body, { Prefer: 'respond-async' });
      }
      killHard(victim);
      const killedAt = performance.now();
      runtimes.splice(runtimes.indexOf(victim), 1);
      const done = waitUntil(async () => (await todosAdded(survivor, listId)) === burst, 'the commands');
      const after = await postJson(`${survivor.url}/v1/default/commands`, {
        type: 'RenameTodoList',
        aggregateId: listId,
        payload: { title: `after ${round}` },
      });
      const renamed = after.json?.version as number;
      const pushed = waitUntil(() => onSurvivor.includes(renamed), 'the push on the survivor');
      const resumed = waitUntil(() => viaBalancer.includes(renamed), 'the client resumed');
      const pruned = waitUntil(
        async () => {
          for await (const _ of registry.connectionsAt(endpoint)) return false;
          return true;
        },
        'the pruning',
        200,
      );
      const [c, s, p, r] = await Promise.all([done, pushed, pruned, resumed]);
      times.commands.push(c - killedAt);
      times.stream.push(s - killedAt);
      times.connections.push(p - killedAt);
      times.client.push(r - killedAt);
      for (const client of clients) client.close();
      await balancer.close();
      runtimes.push(await startRuntimeProcess(env));
    }
  } finally {
    await Promise.all(runtimes.map((runtime) => runtime.stop()));
  }
  return Object.entries(times).map(([work, samples]) => ({ work, ...summarize(samples) }));
};
