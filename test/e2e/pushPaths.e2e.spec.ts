/**
 * The runtime pushes to the sockets it holds straight onto them, and through the management API
 * (the SDK client that runs in Lambda) to any other. Both paths answer alike for the same frame:
 * delivered, gone, or refused above API Gateway's 128 KB message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManagementApiPusher } from '#adapters/apigateway/managementApiPusher';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { LIMITS } from '#application/limits';
import type { Pusher } from '#ports/connectionRegistry';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { HeldConnectionPusher } from '../../local/sockets/heldConnectionPusher';
import { connectSocket, type SocketClient } from '../support/socketClient';

const registry = new EmbeddedConnectionRegistry();
let runtime: LocalRuntime;
let paths: Record<'held' | 'managementApi', Pusher>;
beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, registry, log: () => {} });
  const managementApi = new ManagementApiPusher(runtime.managementClient());
  const held = new HeldConnectionPusher((id) => runtime.sockets?.connection(id), managementApi);
  paths = { held, managementApi };
});
afterAll(async () => {
  await runtime?.close();
});

/** A subscribed socket and the connection id the registry knows it by. */
const subscribedSocket = async (key: string): Promise<{ client: SocketClient; connectionId: string }> => {
  const client = await connectSocket(`${runtime.wsUrl}?context=default`);
  client.send({ action: 'subscribe', projection: 'todoList', key });
  await client.next((frame) => frame.type === 'subscribed');
  const [subscriber] = await registry.subscribers('default', 'todoList', key);
  return { client, connectionId: subscriber?.connectionId ?? '' };
};

describe.each(['held', 'managementApi'] as const)('a push %s', (path) => {
  it('reaches the socket, is refused above 128 KB, and is gone once the socket closes', async () => {
    const { client, connectionId } = await subscribedSocket(`push-${path}`);
    const frame = { type: 'probe', path };
    expect(await paths[path].push(connectionId, JSON.stringify(frame))).toBe('sent');
    expect(await client.next((received) => received.type === 'probe')).toEqual(frame);

    const tooLarge = JSON.stringify({ type: 'probe', pad: 'x'.repeat(LIMITS.socketMessageBytes) });
    await expect(paths[path].push(connectionId, tooLarge)).rejects.toMatchObject({ name: 'PayloadTooLargeException' });

    const closed = new Promise<number>((resolve) => client.socket.once('close', resolve));
    await paths[path].close(connectionId);
    expect(await closed).toBe(1000);
    expect(await paths[path].push(connectionId, JSON.stringify(frame))).toBe('gone');
  });
});

it('goes through the management API for a connection this process does not hold', async () => {
  expect(await paths.held.push('not-held-here', '{}')).toBe('gone');
});
