import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type PageQuery, type ReadModelStore, type StoredView, ViewConflictError } from '#ports/readModelStore';

const view = (key: string, revision: number, overrides: Partial<StoredView> = {}): StoredView => ({
  context: 'contract',
  projection: 'todoList',
  key,
  version: revision,
  revision,
  sources: { [`contract#todoList#${key}`]: revision },
  data: { title: `rev ${revision}`, todos: [], nested: { empty: {} } },
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

/** One behaviour for every read-model store adapter. */
export const readModelStoreContract = (name: string, store: () => ReadModelStore) =>
  describe(`read-model store contract: ${name}`, () => {
    it('returns nothing for a view that was never written', async () => {
      expect(await store().get('contract', 'todoList', randomUUID())).toBeUndefined();
    });

    it('stores a new view and returns it as written, data and sources intact', async () => {
      const key = randomUUID();
      await store().put(view(key, 1), 0);
      expect(await store().get('contract', 'todoList', key)).toEqual(view(key, 1));
    });

    it('refuses a second create and a stale revision, keeping the stored view', async () => {
      const key = randomUUID();
      await store().put(view(key, 1), 0);
      await expect(store().put(view(key, 1, { data: 'other' }), 0)).rejects.toBeInstanceOf(ViewConflictError);
      await store().put(view(key, 2), 1);
      await expect(store().put(view(key, 2, { data: 'stale' }), 1)).rejects.toBeInstanceOf(ViewConflictError);
      expect(await store().get('contract', 'todoList', key)).toEqual(view(key, 2));
    });

    it('lets exactly one of many concurrent writers of the same revision win', async () => {
      const key = randomUUID();
      await store().put(view(key, 1), 0);
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store().put(view(key, 2, { data: `writer ${i}` }), 1)),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ViewConflictError);
      }
    });

    it('keeps contexts and projections apart', async () => {
      const key = randomUUID();
      await store().put(view(key, 1), 0);
      expect(await store().get('other', 'todoList', key)).toBeUndefined();
      expect(await store().get('contract', 'todoLists', key)).toBeUndefined();
      await store().put(view(key, 1, { context: 'other', data: 'theirs' }), 0);
      expect((await store().get('contract', 'todoList', key))?.data).toEqual(view(key, 1).data);
    });

    it('lists every view of a projection in a context', async () => {
      const projection = `p${randomUUID().slice(0, 8)}`;
      const keys = Array.from({ length: 25 }, (_, i) => `k${i}`);
      for (const key of keys) await store().put(view(key, 1, { projection }), 0);
      const listed = [];
      for await (const stored of store().list('contract', projection)) listed.push(stored.key);
      expect(listed.sort()).toEqual([...keys].sort());
    });

    it('pages views in key order (UTF-8 bytes), with a next key only when more follow', async () => {
      const projection = `paged-${randomUUID().slice(0, 8)}`;
      // Upper case before lower case, digits before letters, `:` and `@` between: byte order.
      const keys = ['b-2', 'a-1', 'B-0', 'a-10', 'a-2', '9', 'a:x', 'a@y', 'c'];
      for (const key of keys) await store().put(view(key, 1, { projection }), 0);
      const inOrder = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const seen: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store().page('contract', projection, { limit: 4, ...(after !== undefined && { after }) });
        seen.push(...page.views.map((stored) => stored.key));
        expect(page.views.length).toBeLessThanOrEqual(4);
        if (!page.next) break;
        expect(page.next).toBe(page.views.at(-1)?.key);
        after = page.next;
      }
      expect(seen).toEqual(inOrder);
      // A page that ends exactly at the last view says so: no next key.
      const all = await store().page('contract', projection, { limit: keys.length });
      expect([all.views.length, all.next]).toEqual([keys.length, undefined]);
      expect(all.views[0]).toEqual(view(inOrder[0] ?? '', 1, { projection }));
    });

    it('pages the keys with a prefix only, from any key after which to start', async () => {
      const projection = `prefixed-${randomUUID().slice(0, 8)}`;
      for (const key of ['a-1', 'a-2', 'a-3', 'ab', 'b-1', 'A-1']) await store().put(view(key, 1, { projection }), 0);
      const keysOf = async (query: { limit: number; prefix?: string; after?: string }) =>
        (await store().page('contract', projection, query)).views.map((stored) => stored.key);
      expect(await keysOf({ limit: 10, prefix: 'a-' })).toEqual(['a-1', 'a-2', 'a-3']);
      expect(await store().page('contract', projection, { limit: 2, prefix: 'a-' })).toMatchObject({ next: 'a-2' });
      expect(await keysOf({ limit: 10, prefix: 'a-', after: 'a-1' })).toEqual(['a-2', 'a-3']);
      // An `after` before the prefix's range starts at the range; one past it finds nothing.
      expect(await keysOf({ limit: 10, prefix: 'a-', after: 'A-9' })).toEqual(['a-1', 'a-2', 'a-3']);
      expect(await keysOf({ limit: 10, prefix: 'a-', after: 'a-3' })).toEqual([]);
      expect(await keysOf({ limit: 10, prefix: 'zz' })).toEqual([]);
      expect(await store().page('contract', `none-${randomUUID()}`, { limit: 5 })).toEqual({ views: [] });
    });

    it('pages an index: all views by sort position, or one filter value, either way, views moving on change', async () => {
      const projection = `indexed-${randomUUID().slice(0, 8)}`;
      // filters: [state]; sort: the title, then the key (as viewIndexOf writes positions).
      const indexed = (key: string, title: string, state: string | undefined, revision = 1) =>
        view(key, revision, { projection, index: { filters: [state], sort: `${title}\u0000${key}` } });
      const rows: [string, string, string | undefined][] = [
        ['k1', 'pears', 'open'],
        ['k2', 'apples', 'done'],
        ['k3', 'melon', 'open'],
        ['k4', 'apples', 'open'],
        ['k5', 'figs', undefined],
      ];
      for (const [key, title, state] of rows) await store().put(indexed(key, title, state), 0);
      const keysOf = async (index: NonNullable<PageQuery['index']>, limit = 10, after?: string) => {
        const page = await store().page('contract', projection, {
          limit,
          index,
          ...(after !== undefined && { after }),
        });
        return { keys: page.views.map((stored) => stored.key), next: page.next };
      };
      // By title, ties by key; a view without a filter value is in the sorted order but under no filter value.
      expect((await keysOf({})).keys).toEqual(['k2', 'k4', 'k5', 'k3', 'k1']);
      expect((await keysOf({ descending: true })).keys).toEqual(['k1', 'k3', 'k5', 'k4', 'k2']);
      expect((await keysOf({ filter: { slot: 0, value: 'open' } })).keys).toEqual(['k4', 'k3', 'k1']);
      const first = await keysOf({ filter: { slot: 0, value: 'open' } }, 2);
      expect(first.keys).toEqual(['k4', 'k3']);
      expect((await keysOf({ filter: { slot: 0, value: 'open' } }, 2, first.next)).keys).toEqual(['k1']);
      const back = await keysOf({ descending: true }, 2);
      expect(back.keys).toEqual(['k1', 'k3']);
      expect((await keysOf({ descending: true }, 10, back.next)).keys).toEqual(['k5', 'k4', 'k2']);
      // A view whose filter value changes moves: it is found under the new value only.
      await store().put(indexed('k1', 'pears', 'done', 2), 1);
      expect((await keysOf({ filter: { slot: 0, value: 'open' } })).keys).toEqual(['k4', 'k3']);
      expect((await keysOf({ filter: { slot: 0, value: 'done' } })).keys).toEqual(['k2', 'k1']);
      expect((await store().get('contract', projection, 'k1'))?.index).toEqual({
        filters: ['done'],
        sort: 'pears\u0000k1',
      });
      expect((await keysOf({ filter: { slot: 0, value: 'none' } })).keys).toEqual([]);
    });
  });
