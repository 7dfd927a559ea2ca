/**
 * An open socket is served no longer than its token and its context (issue 10, finding 5): real
 * sockets against the local runtime, with tokens that live about two seconds.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hs256Verifier, mintToken } from '#adapters/auth/hs256Tokens';
import { tokenVerifier } from '#adapters/auth/tokenVerifier';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import type { Role } from '#application/access';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { CairnClient, type ConnectionState, type View } from '../../web/cairnClient';
import { type JsonResponse, postJson } from '../support/localRuntimeProcess';
import { commandServiceOver } from '../support/sampleCommandService';
import { connectSocket, type Frame, type SocketClient } from '../support/socketClient';
import { until } from '../support/until';

// The browser client in Node: `ws` stands in for the browser's WebSocket.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const secret = new TextEncoder().encode('socket-expiry-secret-of-enough-length-0123456789');
const registry = new EmbeddedConnectionRegistry();
let runtime: LocalRuntime;
const open: SocketClient[] = [];

const token = (roles: Record<string, Role>, ttlSeconds = 600, subject = 'ann') =>
  mintToken(secret, { subject, roles, ttlSeconds });
const admin = () => token({ default: 'admin', _admin: 'admin', retiring: 'admin' });
/** A token of about two seconds (`exp` is whole seconds: between 1 and 2 s from now). */
const shortToken = (roles: Record<string, Role> = { default: 'writer' }) => token(roles, 2);

const call = async (method: string, path: string, body?: unknown): Promise<JsonResponse> => {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await admin()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
};
const rest = async (context: string, command: unknown) =>
  postJson(`${runtime.url}/v1/${context}/commands`, command, { authorization: `Bearer ${await admin()}` });
const createList = (id: string) => ({ type: 'CreateTodoList', aggregateId: id, payload: { title: id } });
const addTodo = (id: string, todoId: string) => ({
  type: 'AddTodo',
  aggregateId: id,
  payload: { todoId, text: todoId },
});

/** A socket, with the close code it gets (recorded from the start, so none is missed). */
const socket = async (accessToken: string, context = 'default') => {
  const client = await connectSocket(`${runtime.wsUrl}?context=${context}&token=${accessToken}`);
  open.push(client);
  const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
  return { ...client, closed };
};
const subscribe = async (client: SocketClient, key: string) => {
  client.send({ action: 'subscribe', projection: 'todoList', key });
  await client.next((frame) => frame.type === 'subscribed' && frame.key === key);
};
const viewOf = (key: string, version: number) => (frame: Frame) =>
  frame.type === 'view' && frame.key === key && frame.version === version;
const waitPast = async (accessToken: string) => {
  const exp = decodeJwt(accessToken).exp ?? 0;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now() + 100)));
};

beforeAll(async () => {
  runtime = await startLocalRuntime({
    port: 0,
    registry,
    contexts: new Set(['default']),
    verify: tokenVerifier({ hs256: hs256Verifier(secret) }),
    log: () => {},
  });
});
afterAll(async () => {
  await Promise.all(open.map((client) => client.close()));
  await runtime?.close();
});

describe('a socket whose token expires', () => {
  it('commits before, then gets TOKEN_EXPIRED (no commit, no push) and is closed', async () => {
    await rest('default', createList('exp-1'));
    await rest('default', createList('exp-2'));
    const short = await shortToken();
    const [listener, sender, bystander] = [
      await socket(short),
      await socket(short),
      await socket(await token({ default: 'reader' })),
    ];
    await subscribe(listener, 'exp-1');
    await subscribe(bystander, 'exp-1');
    sender.send({ action: 'command', requestId: 'before', command: addTodo('exp-2', 'a') });
    expect(await sender.next((frame) => frame.requestId === 'before')).toMatchObject({ status: 200, version: 2 });

    await waitPast(short);
    // A frame: refused before it is read, and nothing committed.
    sender.send({ action: 'command', requestId: 'after', command: addTodo('exp-2', 'b') });
    expect(await sender.next((frame) => frame.type === 'error')).toMatchObject({ code: 'TOKEN_EXPIRED' });
    // 1000, as API Gateway's DeleteConnection closes (it takes no code): clients act on the error frame.
    expect(await sender.closed).toBe(1000);
    expect((await call('GET', '/v1/default/views/todoList/exp-2')).json.version).toBe(2);

    // A push: the bystander gets the view; the expired listener gets the error frame instead, and is closed.
    const changed = await rest('default', addTodo('exp-1', 'c'));
    await bystander.next(viewOf('exp-1', changed.json.version));
    expect(await listener.next((frame) => frame.type === 'error')).toMatchObject({ code: 'TOKEN_EXPIRED' });
    await listener.closed;
    expect(listener.frames.filter(viewOf('exp-1', changed.json.version))).toEqual([]);
    expect((await registry.subscribers('default', 'todoList', 'exp-1')).length).toBe(1);
  });

  it('lives on past the first token when the client presents a fresh one (authenticate)', async () => {
    await rest('default', createList('renew-1'));
    const short = await shortToken();
    const client = await socket(short);
    await subscribe(client, 'renew-1');
    const fresh = await token({ default: 'writer' }, 600);
    client.send({ action: 'authenticate', token: fresh });
    expect(await client.next((frame) => frame.type === 'authenticated')).toEqual({
      type: 'authenticated',
      expiresAt: decodeJwt(fresh).exp,
    });
    // Another subject's token, or a forged one, is refused and changes nothing.
    client.send({ action: 'authenticate', token: await token({ default: 'admin' }, 600, 'mallory') });
    expect(await client.next((frame) => frame.type === 'error')).toMatchObject({ code: 'FORBIDDEN' });
    client.send({ action: 'authenticate', token: `${fresh.slice(0, -4)}AAAA` });
    expect(await client.next((frame) => frame.type === 'error')).toMatchObject({ code: 'UNAUTHENTICATED' });

    await waitPast(short);
    client.send({ action: 'command', requestId: 'later', command: addTodo('renew-1', 'a') });
    expect(await client.next((frame) => frame.requestId === 'later')).toMatchObject({ status: 200, version: 2 });
    const pushed = await rest('default', addTodo('renew-1', 'b'));
    await client.next(viewOf('renew-1', pushed.json.version));
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('is renewed by the browser client before it expires, so the page keeps its socket', async () => {
    await rest('default', createList('renew-2'));
    const tokens: string[] = [];
    const states: ConnectionState[] = [];
    const client = new CairnClient({
      baseUrl: runtime.url,
      context: 'default',
      token: async () => {
        tokens.push(await shortToken());
        return tokens.at(-1) ?? '';
      },
      onState: (state) => states.push(state),
    });
    const seen: View[] = [];
    client.subscribe('todoList', 'renew-2', (view) => seen.push(view));
    await until(() => seen.length === 1);
    await waitPast(tokens[0] ?? '');
    await rest('default', addTodo('renew-2', 'a'));
    await until(() => seen.at(-1)?.version === 2);
    client.close();
    // One socket all along: renewed on it (more than one token), never reconnected.
    expect(tokens.length).toBeGreaterThan(1);
    expect(states).toEqual(['connecting', 'open', 'closed']);
  });
});

describe('a socket whose context is retired', () => {
  it('gets UNKNOWN_CONTEXT on its next frame and is closed; a silent one gets no push but the same error', async () => {
    expect((await call('POST', '/v1/_admin/contexts', { name: 'retiring' })).status).toBe(201);
    const writer = await token({ retiring: 'writer' });
    const [active, silent] = [await socket(writer, 'retiring'), await socket(writer, 'retiring')];
    active.send({ action: 'command', requestId: 'create', command: createList('r-1') });
    expect(await active.next((frame) => frame.requestId === 'create')).toMatchObject({ status: 200 });
    await subscribe(silent, 'r-1');
    await silent.next(viewOf('r-1', 1));

    expect((await call('DELETE', '/v1/_admin/contexts/retiring')).status).toBe(200);
    active.send({ action: 'ping' });
    expect(await active.next((frame) => frame.type === 'error')).toMatchObject({ code: 'UNKNOWN_CONTEXT' });
    await active.closed;

    // An event that still lands in the retired context (an async command queued before the
    // retire, say) reaches the silent socket as the error and the close, not as a view.
    await commandServiceOver(runtime.adapters).execute({
      context: 'retiring',
      commandId: 'in-flight',
      ...addTodo('r-1', 'late'),
      issuedAt: new Date().toISOString(),
    });
    expect(await silent.next((frame) => frame.type === 'error')).toMatchObject({ code: 'UNKNOWN_CONTEXT' });
    await silent.closed;
    expect(silent.frames.filter(viewOf('r-1', 2))).toEqual([]);
  });
});
