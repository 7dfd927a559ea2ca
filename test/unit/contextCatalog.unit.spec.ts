import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextRecordsFile } from '#adapters/embedded/contextRecordsFile';
import { ContextCatalog } from '#application/contextCatalog';
import { fixedContexts, openContexts } from '#application/contextGates';
import { UnknownContextError, ValidationError } from '#core/errors';
import type { ContextStore } from '#ports/contextStore';

const now = () => new Date('2026-11-23T10:00:00Z');

/** A store in memory that counts its lists and fails them on demand. */
const countingStore = () => {
  const inner = contextRecordsFile(undefined);
  const stats = { lists: 0, failLists: false, failCreates: false };
  const store: ContextStore = {
    ...inner,
    list: async () => {
      stats.lists += 1;
      if (stats.failLists) throw new Error('throttled');
      return inner.list();
    },
    create: async (record) => {
      if (stats.failCreates) throw new Error('network');
      return inner.create(record);
    },
  };
  return { store, stats };
};

describe('the context catalog', () => {
  it('keeps its records in a data directory it creates, across restarts, with the live set in step', async () => {
    // A directory nobody created yet: CAIRN_STORE=aws keeps no other file in it.
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cairn-contexts-')), 'not-yet');
    const first = new ContextCatalog(contextRecordsFile(dataDir), { seed: ['default'], now });
    await first.create('shop', now());
    await first.retire('default', now());
    expect([...first.active]).toEqual(['shop']);

    const second = new ContextCatalog(contextRecordsFile(dataDir), { seed: ['default'], now });
    expect((await second.list()).map((record) => [record.name, record.state])).toEqual([
      ['default', 'retired'],
      ['shop', 'active'],
    ]);
    expect([...second.active]).toEqual(['shop']);
    expect(await second.isActive('default')).toBe(false);
    await expect(second.create('default', now())).rejects.toThrow(/retired; names are not reused/);
    expect((await second.retire('default', now())).state).toBe('retired');
  });

  it('answers each bad input with its typed error, and a malformed name without reading the store', async () => {
    const { store, stats } = countingStore();
    const catalog = new ContextCatalog(store, { seed: ['default'], now });
    await expect(catalog.create('Shop!', now())).rejects.toBeInstanceOf(ValidationError);
    await expect(catalog.create('default', now())).rejects.toMatchObject({ code: 'CONTEXT_EXISTS', status: 409 });
    await expect(catalog.retire('nope', now())).rejects.toBeInstanceOf(UnknownContextError);
    await expect(catalog.retire('', now())).rejects.toMatchObject({ code: 'UNKNOWN_CONTEXT', status: 404 });
    const lists = stats.lists;
    expect(await catalog.isActive('_admin')).toBe(false);
    expect(stats.lists).toBe(lists);
    expect(() => new ContextCatalog(store, { seed: ['Bad Name'] })).toThrow(ValidationError);
    expect(() => new ContextCatalog(store, { refreshMs: -1 })).toThrow(RangeError);
  });

  it('seeds once, idempotently, beside other instances seeding at once; a retired seed stays retired', async () => {
    const { store } = countingStore();
    const instances = Array.from({ length: 4 }, () => new ContextCatalog(store, { seed: ['default', 'shop'], now }));
    // A reader counts the seeds as active without writing them (a function may only read the catalog).
    expect(await Promise.all(instances.map((catalog) => catalog.isActive('shop')))).toEqual([true, true, true, true]);
    expect(await store.list()).toEqual([]);
    await Promise.all(instances.map((catalog) => catalog.seed()));
    expect((await store.list()).map((record) => record.name)).toEqual(['default', 'shop']);

    await instances[0]?.retire('shop', now());
    const restarted = new ContextCatalog(store, { seed: ['default', 'shop'], now });
    expect(await restarted.isActive('shop')).toBe(false);
    expect((await store.get('shop'))?.state).toBe('retired');
  });

  it('retries a seeding that failed on the next call', async () => {
    const { store, stats } = countingStore();
    const catalog = new ContextCatalog(store, { seed: ['default'], now });
    stats.failCreates = true;
    await expect(catalog.seed()).rejects.toThrow('network');
    // Reading needs no write: the seed is active meanwhile.
    expect(await catalog.isActive('default')).toBe(true);
    stats.failCreates = false;
    await catalog.seed();
    expect((await store.get('default'))?.state).toBe('active');
  });

  it("sees another instance's writes after refreshMs, its own at once, with one store read per refresh", async () => {
    const { store, stats } = countingStore();
    let clock = 0;
    const here = new ContextCatalog(store, { seed: ['default'], refreshMs: 1000, clock: () => clock });
    const there = new ContextCatalog(store, { seed: ['default'], refreshMs: 1000, clock: () => clock });
    expect(await here.isActive('default')).toBe(true);
    await there.create('billing', now());
    await there.retire('default', now());
    await here.create('shop', now());

    const lists = stats.lists;
    clock = 999;
    expect(await here.isActive('billing')).toBe(false);
    expect(await here.isActive('default')).toBe(true);
    expect(await here.isActive('shop')).toBe(true);
    expect(stats.lists).toBe(lists);

    clock = 1000;
    const checks = await Promise.all(['billing', 'default', 'shop'].map((name) => here.isActive(name)));
    expect(checks).toEqual([true, false, true]);
    expect(stats.lists).toBe(lists + 1);
  });

  it('goes on with the set it has while a refresh fails, and reports the failure', async () => {
    const { store, stats } = countingStore();
    const failures: unknown[] = [];
    const catalog = new ContextCatalog(store, {
      seed: ['default'],
      refreshMs: 0,
      onRefreshError: (error) => failures.push(error),
    });
    await catalog.ready();
    stats.failLists = true;
    expect(await catalog.isActive('default')).toBe(true);
    expect(failures).toEqual([new Error('throttled')]);
    // The admin listing reads the store itself, so it fails rather than answer from the cache.
    await expect(catalog.list()).rejects.toThrow('throttled');
  });
});

describe('the small context gates', () => {
  it('open: every well-formed name exists', async () => {
    expect(await openContexts.isActive('anything-42')).toBe(true);
    expect(await openContexts.isActive('_admin')).toBe(false);
    expect(await openContexts.isActive('')).toBe(false);
  });

  it('fixed: the names given, each checked', async () => {
    const gate = fixedContexts(['default', 'shop']);
    expect(await gate.isActive('shop')).toBe(true);
    expect(await gate.isActive('billing')).toBe(false);
    expect(() => fixedContexts(['default', 'Not OK'])).toThrow(ValidationError);
  });
});
