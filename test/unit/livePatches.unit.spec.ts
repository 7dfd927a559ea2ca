/** Live pushes as JSON Patches: to subscribers that asked for them, when smaller than the view. */
import { describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { LiveViews } from '#application/liveViews';
import { ProjectionService } from '#application/projectionService';
import { applyPatch } from '../../web/jsonPatch';
import { testDomain } from '../support/testDomain';

const setup = (maxFrameBytes?: number) => {
  const registry = new EmbeddedConnectionRegistry();
  const pushed = new Map<string, { type: string; [field: string]: unknown }[]>();
  const pusher = {
    push: async (connectionId: string, payload: string) => {
      pushed.set(connectionId, [...(pushed.get(connectionId) ?? []), JSON.parse(payload)]);
      return 'sent' as const;
    },
    close: async () => {},
  };
  const live = new LiveViews({
    registry,
    pusher,
    views: new EmbeddedReadModelStore(),
    projections: testDomain.projections,
    ...(maxFrameBytes !== undefined && { maxFrameBytes }),
  });
  const subscribe = async (connectionId: string, patches?: boolean) => {
    const connection = { connectionId, context: 'default', principal: 'p', connectedAt: '', expiresAt: 4e9 };
    await registry.connect(connection);
    await live.subscribe(connection, { projection: 'ledger', key: 'l1', ...(patches && { patches }) });
  };
  return { registry, live, pushed, subscribe };
};

const entries = (count: number, width = 1) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`entry-${i}`.padEnd(width, 'x'), i]));
const change = (version: number, data: unknown, previous?: { version: number; data: unknown }) => ({
  context: 'default',
  projection: 'ledger',
  key: 'l1',
  version,
  data,
  ...(previous && { previous }),
});

describe('live views as JSON Patches', () => {
  it('pushes a patch from the previous version to a subscriber that takes patches, the whole view to others', async () => {
    const { live, pushed, subscribe } = setup(1000);
    await subscribe('patching', true);
    await subscribe('whole');
    const before = { title: 'Groceries', balance: 0, entries: entries(20) };
    const after = { ...before, balance: 5, entries: { ...before.entries, milk: 5 } };
    await live.pushChanges([change(2, after, { version: 1, data: before })]);
    const [frame] = pushed.get('patching') ?? [];
    expect(frame).toEqual({
      type: 'viewPatch',
      projection: 'ledger',
      key: 'l1',
      baseVersion: 1,
      version: 2,
      patch: [
        { op: 'replace', path: '/balance', value: 5 },
        { op: 'add', path: '/entries/milk', value: 5 },
      ],
    });
    expect(applyPatch(before, frame?.patch as never)).toEqual(after);
    expect(pushed.get('whole')).toEqual([{ type: 'view', projection: 'ledger', key: 'l1', version: 2, data: after }]);
  });

  it('pushes the whole view when the patch is not smaller, or when there is no previous version (a redelivery)', async () => {
    const { live, pushed, subscribe } = setup(1000);
    await subscribe('patching', true);
    await live.pushChanges([
      change(2, { title: 'b'.repeat(50) }, { version: 1, data: { name: 'a' } }),
      change(3, { title: 'c' }),
    ]);
    expect(pushed.get('patching')?.map((frame) => frame.type)).toEqual(['view', 'view']);
  });

  it('pushes viewChanged when even the patch frame passes the frame limit', async () => {
    const { live, pushed, subscribe } = setup(1000);
    await subscribe('patching', true);
    await live.pushChanges([change(2, { entries: entries(60, 20) }, { version: 1, data: { entries: {} } })]);
    expect(pushed.get('patching')).toEqual([{ type: 'viewChanged', projection: 'ledger', key: 'l1', version: 2 }]);
  });

  it('keeps a view of 100 KB+ live inside 32 KB frames when a change is small', async () => {
    const { live, pushed, subscribe } = setup();
    await subscribe('patching', true);
    await subscribe('whole');
    const before = { title: 'big', entries: entries(4000, 24) };
    expect(JSON.stringify(before).length).toBeGreaterThan(100_000);
    const after = { title: 'big', entries: { ...before.entries, ['entry-17'.padEnd(24, 'x')]: -1, added: 1 } };
    await live.pushChanges([change(8, after, { version: 7, data: before })]);
    const [frame] = pushed.get('patching') ?? [];
    expect(frame).toMatchObject({ type: 'viewPatch', baseVersion: 7, version: 8 });
    expect(JSON.stringify(frame).length).toBeLessThan(32 * 1024);
    expect(applyPatch(before, frame?.patch as never)).toEqual(after);
    expect(pushed.get('whole')).toEqual([{ type: 'viewChanged', projection: 'ledger', key: 'l1', version: 8 }]);
  });

  it('keeps the patch choice of a subscription through a token renewal', async () => {
    const { registry, subscribe } = setup();
    await subscribe('patching', true);
    await registry.renewToken('patching', { role: 'reader', tokenExpiresAt: 5e9 });
    expect(await registry.subscribers('default', 'ledger', 'l1')).toEqual([
      { connectionId: 'patching', tokenExpiresAt: 5e9, patches: true },
    ]);
  });

  it('the projection reports the view a change was folded onto, and none when the view was current', async () => {
    const service = new ProjectionService({
      projections: testDomain.projections,
      views: new EmbeddedReadModelStore(),
      eventStore: new EmbeddedEventStore(),
      upcast: testDomain.upcast,
    });
    const at = { context: 'default', aggregateType: 'ledger', aggregateId: 'l1', streamKey: 'default#ledger#l1' };
    const opened = { ...at, type: 'LedgerOpened', version: 1, data: { title: 'T', openedAt: '' } };
    const recorded = { ...at, type: 'Recorded', version: 2, data: { entryId: 'e1', amount: 3 } };
    const first = (await service.apply(opened)).find((c) => c.projection === 'ledger');
    expect(first?.previous).toBeUndefined();
    const second = (await service.apply(recorded)).find((c) => c.projection === 'ledger');
    expect(second?.previous).toEqual({ version: 1, data: first?.data });
    const again = (await service.apply(recorded)).find((c) => c.projection === 'ledger');
    expect(again).toMatchObject({ version: 2 });
    expect(again?.previous).toBeUndefined();
  });
});
