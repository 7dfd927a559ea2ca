import { describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '../../shared/adapters/embedded/embeddedConnectionRegistry';
import { EmbeddedReadModelStore } from '../../shared/adapters/embedded/embeddedReadModelStore';
import { LiveViews } from '../../shared/application/liveViews';
import { projectionRegistry } from '../../shared/projections/registry';

const setup = (gone: Set<string> = new Set()) => {
  const registry = new EmbeddedConnectionRegistry();
  const views = new EmbeddedReadModelStore();
  const pushed: [string, unknown][] = [];
  const pusher = {
    push: async (connectionId: string, payload: string) => {
      if (gone.has(connectionId)) return 'gone' as const;
      if (connectionId === 'broken') throw new Error('socket error');
      pushed.push([connectionId, JSON.parse(payload)]);
      return 'sent' as const;
    },
  };
  const live = new LiveViews({ registry, pusher, views, projections: projectionRegistry, maxFrameBytes: 1000 });
  const connect = async (connectionId: string) => {
    const connection = {
      connectionId,
      context: 'default',
      principal: 'anonymous',
      connectedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: 4_000_000_000,
    };
    await registry.connect(connection);
    return connection;
  };
  return { registry, views, pushed, live, connect };
};

const change = (version: number, data: unknown = { title: `v${version}` }) => ({
  context: 'default',
  projection: 'todoList',
  key: 'l1',
  version,
  data,
});

describe('live views', () => {
  it('answers a subscription with the current view, or nothing when the client already has it', async () => {
    const { views, live, connect } = setup();
    await views.put(
      { ...change(3), revision: 1, sources: {}, updatedAt: '', projection: 'todoList', context: 'default' },
      0,
    );
    const connection = await connect('c1');
    expect(await live.subscribe(connection, { projection: 'todoList', key: 'l1' })).toEqual({
      type: 'view',
      projection: 'todoList',
      key: 'l1',
      version: 3,
      data: { title: 'v3' },
    });
    expect(await live.subscribe(connection, { projection: 'todoList', key: 'l1', fromVersion: 3 })).toBeUndefined();
    await expect(live.subscribe(connection, { projection: 'nope', key: 'l1' })).rejects.toMatchObject({
      code: 'UNKNOWN_PROJECTION',
    });
  });

  it('pushes a change to every subscriber once, prunes gone connections and goes on past broken ones', async () => {
    const { registry, pushed, live, connect } = setup(new Set(['c3']));
    for (const id of ['c1', 'c2', 'c3', 'broken'])
      await live.subscribe(await connect(id), { projection: 'todoList', key: 'l1' });
    // During a rebuild the same change arrives for two generations: one push.
    const totals = await live.pushChanges([change(4), change(4)]);
    expect(totals).toEqual({ connections: 4, sent: 2, gone: 1, failed: 1 });
    expect(pushed.map(([id]) => id).sort()).toEqual(['c1', 'c2']);
    expect(pushed[0]?.[1]).toEqual({
      type: 'view',
      projection: 'todoList',
      key: 'l1',
      version: 4,
      data: { title: 'v4' },
    });
    expect(await registry.get('c3')).toBeUndefined();
    expect((await registry.subscribers('default', 'todoList', 'l1')).sort()).toEqual(['broken', 'c1', 'c2']);
  });

  it('sends a "changed" frame with the version instead of a view too large for a frame', async () => {
    const { pushed, live, connect } = setup();
    await live.subscribe(await connect('c1'), { projection: 'todoList', key: 'l1' });
    await live.pushChanges([change(5, { title: 'x'.repeat(2000) })]);
    expect(pushed).toEqual([['c1', { type: 'viewChanged', projection: 'todoList', key: 'l1', version: 5 }]]);
  });
});
