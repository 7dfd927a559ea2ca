/**
 * Several runtimes, one system: a socket belongs to the runtime that accepted it, its registry
 * entry says so, and a change projected on another runtime is pushed there, through that runtime's
 * management API, signed with the key the runtimes share. A runtime without that key is refused
 * (and does not prune the connection); only the owner's "gone" does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { EmbeddedRuntimeRoster } from '#adapters/embedded/embeddedRuntimeRoster';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { postJson } from '../support/localRuntimeProcess';
import { connectSocket } from '../support/socketClient';
import { until } from '../support/until';

const registry = new EmbeddedConnectionRegistry();
const roster = new EmbeddedRuntimeRoster();
const secret = new TextEncoder().encode('the deployment’s shared secret');
let owner: LocalRuntime;
let peer: LocalRuntime;
let stranger: LocalRuntime;
beforeAll(async () => {
  const common = { port: 0, registry, roster, log: () => {} };
  owner = await startLocalRuntime({ ...common, management: { secret } });
  peer = await startLocalRuntime({ ...common, management: { secret } });
  stranger = await startLocalRuntime({ ...common, management: { secret: new TextEncoder().encode('another') } });
});
afterAll(async () => {
  await Promise.all([owner, peer, stranger].map((runtime) => runtime?.close()));
});

const create = (runtime: LocalRuntime, id: string) =>
  postJson(`${runtime.url}/v1/default/commands`, { type: 'CreateTodoList', aggregateId: id, payload: { title: id } });

describe('pushes across runtimes', () => {
  it('reach a socket held by another runtime, through its management endpoint', async () => {
    const client = await connectSocket(`${owner.wsUrl}?context=default`);
    client.send({ action: 'subscribe', projection: 'todoList', key: 'shared-1' });
    await client.next((frame) => frame.type === 'subscribed');
    const [subscriber] = await registry.subscribers('default', 'todoList', 'shared-1');
    expect(subscriber?.endpoint).toBe(owner.managementEndpoint);
    expect((await create(peer, 'shared-1')).status).toBe(200); // projected and pushed by the peer
    expect(await client.next((frame) => frame.type === 'view' && frame.key === 'shared-1')).toMatchObject({
      version: 1,
    });
    await client.close();
  });

  it('are refused from a runtime without the key, and the connection is kept', async () => {
    const client = await connectSocket(`${owner.wsUrl}?context=default`);
    client.send({ action: 'subscribe', projection: 'todoList', key: 'shared-2' });
    await client.next((frame) => frame.type === 'subscribed');
    expect((await create(stranger, 'shared-2')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(client.frames.some((frame) => frame.type === 'view')).toBe(false);
    expect(await registry.subscribers('default', 'todoList', 'shared-2')).toHaveLength(1);
    await client.close();
  });

  it('prune a connection only on its owner’s “gone”', async () => {
    await registry.connect({
      connectionId: 'left-the-owner',
      context: 'default',
      principal: 'anonymous',
      connectedAt: new Date().toISOString(),
      expiresAt: 4_000_000_000,
      endpoint: owner.managementEndpoint,
    });
    await registry.subscribe(
      {
        connectionId: 'left-the-owner',
        context: 'default',
        projection: 'todoList',
        key: 'shared-3',
        endpoint: owner.managementEndpoint,
      },
      4_000_000_000,
    );
    expect((await create(peer, 'shared-3')).status).toBe(200);
    await until(async () => (await registry.get('left-the-owner')) === undefined);
  });
});

describe('a runtime that is gone', () => {
  it('has its connections pruned by the first runtime that fails to reach them, once its lease lapsed', async () => {
    const dead = 'http://127.0.0.1:9'; // nothing listens: a runtime that was killed
    for (const connectionId of ['dead-1', 'dead-2']) {
      await registry.connect({
        connectionId,
        context: 'default',
        principal: 'anonymous',
        connectedAt: new Date().toISOString(),
        expiresAt: 4_000_000_000,
        endpoint: dead,
      });
    }
    await registry.subscribe(
      { connectionId: 'dead-1', context: 'default', projection: 'todoList', key: 'gone-1', endpoint: dead },
      4_000_000_000,
    );
    await roster.beat(dead, Date.now() - 1); // its lease ran out
    expect((await create(peer, 'gone-1')).status).toBe(200);
    await until(
      async () => (await registry.get('dead-1')) === undefined && (await registry.get('dead-2')) === undefined,
    );
  });
});

describe('a connection whose record is gone', () => {
  it('is told NOT_CONNECTED and closed when it sends a frame, so that its client reconnects', async () => {
    const client = await connectSocket(`${owner.wsUrl}?context=default`);
    client.send({ action: 'subscribe', projection: 'todoList', key: 'dropped-1' });
    await client.next((frame) => frame.type === 'subscribed');
    const [subscriber] = await registry.subscribers('default', 'todoList', 'dropped-1');
    await registry.disconnect(subscriber?.connectionId ?? ''); // as a pruning runtime would have
    const closed = new Promise<number>((resolve) => client.socket.once('close', resolve));
    client.send({ action: 'ping' });
    expect(await client.next((frame) => frame.type === 'error')).toMatchObject({ code: 'NOT_CONNECTED' });
    expect(await closed).toBe(1000);
  });
});
