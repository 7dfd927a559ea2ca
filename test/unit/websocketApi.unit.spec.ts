/**
 * The WebSocket handler checks every frame, not only $connect: a connection whose token expired,
 * or whose context was retired, is told why and closed; a fresh token (`authenticate`) keeps it.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { type Principal, type Role, UnauthenticatedError } from '#application/access';
import { fixedContexts } from '#application/contextGates';
import { LiveViews } from '#application/liveViews';
import { createWebSocketApi, type WebSocketEvent } from '#handlers/websocket/websocketApi';
import { inMemoryService } from '../support/commandFixtures';
import { testDomain } from '../support/testDomain';

/** 2026-11-22T10:00:00Z in epoch seconds: the tokens below expire relative to it. */
const T0 = Date.parse('2026-11-22T10:00:00.000Z') / 1000;

const principal = (subject: string, roles: Record<string, Role>, expiresAt: number): Principal => ({
  subject,
  roles: new Map(Object.entries(roles)),
  expiresAt,
});

/** Tokens are names here: the verifier knows each one's principal (signatures are another spec's). */
const TOKENS = new Map<string, Principal>([
  ['short', principal('ann', { default: 'writer' }, T0 + 60)],
  ['fresh', principal('ann', { default: 'writer' }, T0 + 3600)],
  ['fresh-reader', principal('ann', { default: 'reader' }, T0 + 3600)],
  ['bob', principal('bob', { default: 'admin' }, T0 + 3600)],
  ['elsewhere', principal('ann', { shop: 'admin' }, T0 + 3600)],
]);

const setup = () => {
  let clock = T0 * 1000;
  const contexts = new Set(['default', 'shop']);
  const registry = new EmbeddedConnectionRegistry();
  const frames: [string, Record<string, unknown>][] = [];
  const closed: string[] = [];
  const pusher = {
    push: async (connectionId: string, payload: string) => {
      frames.push([connectionId, JSON.parse(payload)]);
      return 'sent' as const;
    },
    close: async (connectionId: string) => void closed.push(connectionId),
  };
  const now = () => new Date(clock);
  const liveViews = new LiveViews({
    registry,
    pusher,
    views: new EmbeddedReadModelStore(),
    projections: testDomain.projections,
    contexts: fixedContexts(contexts),
    now,
  });
  const verify = async (token: string) => {
    const found = TOKENS.get(token);
    if (!found || (found.expiresAt ?? 0) * 1000 <= clock) throw new UnauthenticatedError('The token is not valid');
    return found;
  };
  const { service, store } = inMemoryService();
  let ids = 0;
  const api = createWebSocketApi({
    registry,
    liveViews,
    pusher,
    commands: service,
    contexts: fixedContexts(contexts),
    authenticate: async (event) => verify(event.queryStringParameters?.token ?? ''),
    verify,
    newId: () => `id-${++ids}`,
    now,
    log: () => {},
  });
  const event = (routeKey: string, connectionId: string, body?: unknown): WebSocketEvent => ({
    requestContext: { routeKey, connectionId },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const connect = (connectionId: string, token: string, context = 'default') =>
    api({ ...event('$connect', connectionId), queryStringParameters: { context, token } });
  /** Sends one frame and returns the frames it was answered with. */
  const send = async (connectionId: string, body: unknown) => {
    const before = frames.length;
    expect((await api(event('frame', connectionId, body))).statusCode).toBe(200);
    return frames.slice(before).map(([, frame]) => frame);
  };
  const advanceTo = (epochSeconds: number) => {
    clock = epochSeconds * 1000;
  };
  return { api, registry, store, contexts, closed, connect, send, advanceTo };
};

const createList = (aggregateId: string) => ({
  action: 'command',
  requestId: aggregateId,
  command: { type: 'OpenLedger', aggregateId, payload: { title: aggregateId } },
});

describe('WebSocket API: checks on every frame', () => {
  it('records the token expiry at $connect', async () => {
    const { registry, connect } = setup();
    expect((await connect('c1', 'short')).statusCode).toBe(200);
    expect(await registry.get('c1')).toMatchObject({ principal: 'ann', role: 'writer', tokenExpiresAt: T0 + 60 });
  });

  it('serves frames until the token expires, then answers TOKEN_EXPIRED, commits nothing and closes', async () => {
    const { registry, store, closed, connect, send, advanceTo } = setup();
    await connect('c1', 'short');
    expect(await send('c1', createList('before'))).toEqual([
      expect.objectContaining({ type: 'commandResult', status: 200, version: 1 }),
    ]);

    advanceTo(T0 + 60);
    expect(await send('c1', createList('after'))).toEqual([
      expect.objectContaining({ type: 'error', code: 'TOKEN_EXPIRED', expiredAt: T0 + 60 }),
    ]);
    expect(await store.currentVersion('default#ledger#after')).toBe(0);
    expect(closed).toEqual(['c1']);
    expect(await registry.get('c1')).toBeUndefined();
  });

  it('answers UNKNOWN_CONTEXT on the next frame once the context is retired, and closes', async () => {
    const { registry, contexts, closed, connect, send } = setup();
    await connect('c1', 'fresh');
    expect(await send('c1', { action: 'ping' })).toEqual([{ type: 'pong' }]);
    contexts.delete('default');
    expect(await send('c1', createList('retired'))).toEqual([
      expect.objectContaining({ type: 'error', code: 'UNKNOWN_CONTEXT' }),
    ]);
    expect(closed).toEqual(['c1']);
    expect(await registry.get('c1')).toBeUndefined();
  });

  it('checks before it parses: an expired connection is closed whatever it sends', async () => {
    const { closed, connect, send, advanceTo } = setup();
    await connect('c1', 'short');
    advanceTo(T0 + 61);
    expect(await send('c1', 'not json')).toEqual([expect.objectContaining({ code: 'TOKEN_EXPIRED' })]);
    expect(closed).toEqual(['c1']);
  });
});

describe('WebSocket API: authenticate', () => {
  it('takes a fresh token: the connection and its subscriptions get its expiry and role, and outlive the first token', async () => {
    const { registry, closed, connect, send, advanceTo } = setup();
    await connect('c1', 'short');
    await send('c1', { action: 'subscribe', projection: 'ledger', key: 'l1' });

    expect(await send('c1', { action: 'authenticate', token: 'fresh-reader' })).toEqual([
      { type: 'authenticated', expiresAt: T0 + 3600 },
    ]);
    expect(await registry.get('c1')).toMatchObject({ role: 'reader', tokenExpiresAt: T0 + 3600 });
    expect(await registry.subscribers('default', 'ledger', 'l1')).toEqual([
      { connectionId: 'c1', tokenExpiresAt: T0 + 3600 },
    ]);

    advanceTo(T0 + 120);
    expect(await send('c1', { action: 'ping' })).toEqual([{ type: 'pong' }]);
    // The fresh token made it a reader: commands are refused now, and the connection stays.
    expect(await send('c1', createList('x'))).toEqual([
      expect.objectContaining({ type: 'error', code: 'FORBIDDEN', requestId: 'x' }),
    ]);
    expect(closed).toEqual([]);
  });

  it('refuses a bad token, another subject or a token without the context, and leaves the connection as it was', async () => {
    const { registry, closed, connect, send } = setup();
    await connect('c1', 'short');
    const before = await registry.get('c1');
    for (const [token, code] of [
      ['forged', 'UNAUTHENTICATED'],
      ['bob', 'FORBIDDEN'],
      ['elsewhere', 'FORBIDDEN'],
    ] as const) {
      expect(await send('c1', { action: 'authenticate', token })).toEqual([
        expect.objectContaining({ type: 'error', code }),
      ]);
    }
    expect(await send('c1', { action: 'authenticate', token: '' })).toEqual([
      expect.objectContaining({ type: 'error', code: 'VALIDATION_FAILED' }),
    ]);
    expect(await registry.get('c1')).toEqual(before);
    expect(closed).toEqual([]);
  });

  it('comes too late for an expired connection: it is closed like on any other frame', async () => {
    const { closed, connect, send, advanceTo } = setup();
    await connect('c1', 'short');
    advanceTo(T0 + 60);
    expect(await send('c1', { action: 'authenticate', token: 'fresh' })).toEqual([
      expect.objectContaining({ code: 'TOKEN_EXPIRED' }),
    ]);
    expect(closed).toEqual(['c1']);
  });

  it('will not start authenticating connects without a verifier for authenticate frames', () => {
    expect(() =>
      createWebSocketApi({
        registry: new EmbeddedConnectionRegistry(),
        liveViews: {} as LiveViews,
        pusher: { push: async () => 'sent', close: async () => {} },
        commands: inMemoryService().service,
        authenticate: async () => principal('x', { default: 'reader' }, T0 + 60),
        newId: () => 'x',
        now: () => new Date(),
      }),
    ).toThrow(/needs `verify`/);
  });
});
