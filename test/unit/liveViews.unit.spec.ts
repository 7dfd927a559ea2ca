import { describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { fixedContexts } from '#application/contextGates';
import { LiveViews } from '#application/liveViews';
import { testDomain } from '../support/testDomain';

/** 2026-11-22T10:00:00Z, in epoch seconds: the clock of these specs. */
const NOW = Date.parse('2026-11-22T10:00:00.000Z') / 1000;

const setup = (gone: Set<string> = new Set(), contexts?: Set<string>) => {
  const registry = new EmbeddedConnectionRegistry();
  const views = new EmbeddedReadModelStore();
  const pushed: [string, unknown][] = [];
  const closed: string[] = [];
  const pusher = {
    push: async (connectionId: string, payload: string) => {
      if (gone.has(connectionId)) return 'gone' as const;
      if (connectionId === 'broken') throw new Error('socket error');
      if (connectionId.startsWith('unread')) return 'full' as const;
      pushed.push([connectionId, JSON.parse(payload)]);
      return 'sent' as const;
    },
    close: async (connectionId: string) => void closed.push(connectionId),
  };
  const live = new LiveViews({
    registry,
    pusher,
    views,
    projections: testDomain.projections,
    maxFrameBytes: 1000,
    contexts: contexts && fixedContexts(contexts),
    now: () => new Date(NOW * 1000),
  });
  const connect = async (connectionId: string, tokenExpiresAt?: number) => {
    const connection = {
      connectionId,
      context: 'default',
      principal: 'anonymous',
      connectedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: 4_000_000_000,
      ...(tokenExpiresAt !== undefined && { tokenExpiresAt }),
    };
    await registry.connect(connection);
    return connection;
  };
  return { registry, views, pushed, closed, live, connect };
};

const change = (version: number, data: unknown = { title: `v${version}` }) => ({
  context: 'default',
  projection: 'ledger',
  key: 'l1',
  version,
  data,
});

describe('live views', () => {
  it('closes and forgets a subscriber that does not read (its buffer full) and still pushes to the others', async () => {
    const { registry, pushed, closed, live, connect } = setup();
    for (const id of ['c1', 'unread-1', 'c2'])
      await live.subscribe(await connect(id), { projection: 'ledger', key: 'l1' });
    const totals = await live.pushChanges([change(5)]);
    expect(totals).toEqual({ connections: 3, sent: 2, gone: 0, failed: 0, closed: 0, unread: 1 });
    expect(pushed.map(([id]) => id).sort()).toEqual(['c1', 'c2']);
    expect(closed).toEqual(['unread-1']);
    expect(await registry.get('unread-1')).toBeUndefined();
    expect((await registry.subscribers('default', 'ledger', 'l1')).map((s) => s.connectionId).sort()).toEqual([
      'c1',
      'c2',
    ]);
  });

  it('answers a subscription with the current view, or nothing when the client already has it', async () => {
    const { views, live, connect } = setup();
    await views.put(
      {
        ...change(3),
        revision: 1,
        sources: {},
        updatedAt: '2026-06-01T00:00:00.000Z',
        projection: 'ledger',
        context: 'default',
      },
      0,
    );
    const connection = await connect('c1');
    expect(await live.subscribe(connection, { projection: 'ledger', key: 'l1' })).toEqual({
      type: 'view',
      projection: 'ledger',
      key: 'l1',
      version: 3,
      data: { title: 'v3' },
      updatedAt: '2026-06-01T00:00:00.000Z',
    });
    expect(await live.subscribe(connection, { projection: 'ledger', key: 'l1', fromVersion: 3 })).toBeUndefined();
    await expect(live.subscribe(connection, { projection: 'nope', key: 'l1' })).rejects.toMatchObject({
      code: 'UNKNOWN_PROJECTION',
    });
  });

  it('pushes a change to every subscriber once, prunes gone connections and goes on past broken ones', async () => {
    const { registry, pushed, live, connect } = setup(new Set(['c3']));
    for (const id of ['c1', 'c2', 'c3', 'broken'])
      await live.subscribe(await connect(id), { projection: 'ledger', key: 'l1' });
    // During a rebuild the same change arrives for two generations: one push.
    const totals = await live.pushChanges([change(4), change(4)]);
    expect(totals).toEqual({ connections: 4, sent: 2, gone: 1, failed: 1, closed: 0, unread: 0 });
    expect(pushed.map(([id]) => id).sort()).toEqual(['c1', 'c2']);
    expect(pushed[0]?.[1]).toEqual({
      type: 'view',
      projection: 'ledger',
      key: 'l1',
      version: 4,
      data: { title: 'v4' },
    });
    expect(await registry.get('c3')).toBeUndefined();
    const left = await registry.subscribers('default', 'ledger', 'l1');
    expect(left.map((subscriber) => subscriber.connectionId).sort()).toEqual(['broken', 'c1', 'c2']);
  });

  it('sends a "changed" frame with the version instead of a view too large for a frame', async () => {
    const { pushed, live, connect } = setup();
    await live.subscribe(await connect('c1'), { projection: 'ledger', key: 'l1' });
    await live.pushChanges([change(5, { title: 'x'.repeat(2000) })]);
    expect(pushed).toEqual([['c1', { type: 'viewChanged', projection: 'ledger', key: 'l1', version: 5 }]]);
  });

  it('closes a subscriber whose token has expired instead of pushing to it: the error frame, the close, its records gone', async () => {
    const { registry, pushed, closed, live, connect } = setup();
    await live.subscribe(await connect('valid', NOW + 60), { projection: 'ledger', key: 'l1' });
    await live.subscribe(await connect('expired', NOW), { projection: 'ledger', key: 'l1' });
    await live.subscribe(await connect('no-auth'), { projection: 'ledger', key: 'l1' });

    const totals = await live.pushChanges([change(6)]);

    expect(totals).toEqual({ connections: 3, sent: 2, gone: 0, failed: 0, closed: 1, unread: 0 });
    expect(pushed.filter(([id]) => id === 'expired')).toEqual([
      ['expired', expect.objectContaining({ type: 'error', code: 'TOKEN_EXPIRED', expiredAt: NOW })],
    ]);
    expect(pushed.map(([id]) => id).sort()).toEqual(['expired', 'no-auth', 'valid']);
    expect(closed).toEqual(['expired']);
    expect(await registry.get('expired')).toBeUndefined();
    const left = await registry.subscribers('default', 'ledger', 'l1');
    expect(left.map((subscriber) => subscriber.connectionId).sort()).toEqual(['no-auth', 'valid']);
  });

  it('pushes to a connection renewed by a fresh token even where its subscription still holds the old expiry', async () => {
    const { registry, pushed, closed, live, connect } = setup();
    const connection = await connect('renewed', NOW - 5);
    await live.subscribe(connection, { projection: 'ledger', key: 'l1' });
    // The connection's record is renewed; the subscription's copy lags (a renewal under way).
    await registry.connect({ ...connection, tokenExpiresAt: NOW + 3600 });

    expect(await live.pushChanges([change(7)])).toMatchObject({ sent: 1, closed: 0 });
    expect(pushed).toEqual([['renewed', expect.objectContaining({ type: 'view', version: 7 })]]);
    expect(closed).toEqual([]);
  });

  it('closes the subscribers of a retired context with UNKNOWN_CONTEXT and pushes them nothing', async () => {
    const contexts = new Set(['default']);
    const { registry, pushed, closed, live, connect } = setup(new Set(), contexts);
    await live.subscribe(await connect('c1', NOW + 3600), { projection: 'ledger', key: 'l1' });
    contexts.delete('default');

    expect(await live.pushChanges([change(8)])).toMatchObject({ sent: 0, closed: 1 });
    expect(pushed).toEqual([['c1', expect.objectContaining({ type: 'error', code: 'UNKNOWN_CONTEXT' })]]);
    expect(closed).toEqual(['c1']);
    expect(await registry.get('c1')).toBeUndefined();
  });
});
