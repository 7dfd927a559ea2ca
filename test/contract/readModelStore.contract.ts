import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ReadModelStore, type StoredView, ViewConflictError } from '#ports/readModelStore';

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
  });
