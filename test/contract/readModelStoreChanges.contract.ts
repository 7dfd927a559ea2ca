import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReadModelStore, StoredView } from '#ports/readModelStore';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

const view = (projection: string, key: string, revision: number, updatedAt: string): StoredView => ({
  context: 'contract',
  projection,
  key,
  version: revision,
  revision,
  sources: { [`contract#${projection}#${key}`]: revision },
  data: { key, revision },
  updatedAt,
});

/** Every page of `changedSince` from `since`, following `next`, as `key@revision`. */
const allChanged = async (store: ReadModelStore, projection: string, since: string, limit: number) => {
  const seen: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await store.changedSince('contract', projection, { since, limit, ...(after && { after }) });
    expect(page.views.length).toBeLessThanOrEqual(limit);
    seen.push(...page.views.map((stored) => `${stored.key}@${stored.revision}`));
    if (page.next === undefined) return seen;
    after = page.next;
  }
  throw new Error('changedSince did not end');
};

/** What a live collection's subscriber who comes back is sent: the views changed since a time. */
export const readModelStoreChangesContract = (name: string, store: () => ReadModelStore) =>
  describe(`read-model store contract, changes since: ${name}`, () => {
    it('pages the views changed at or after a time, oldest change first, a rewritten view at its new time', async () => {
      const projection = `changes-${randomUUID().slice(0, 8)}`;
      for (let i = 0; i < 7; i++) await store().put(view(projection, `k${i}`, 1, at(10 + i)), 0);
      await store().put(view(projection, 'k1', 2, at(30)), 1); // k1 changes again, last
      await store().put(view(projection, 'other', 1, at(40)), 0);
      await store().put({ ...view(projection, 'elsewhere', 1, at(50)), context: 'other' }, 0);

      expect(await allChanged(store(), projection, at(13), 2)).toEqual([
        'k3@1',
        'k4@1',
        'k5@1',
        'k6@1',
        'k1@2',
        'other@1',
      ]);
      expect(await allChanged(store(), projection, at(13), 100)).toHaveLength(6);
      expect(await allChanged(store(), projection, at(41), 5)).toEqual([]);
      const whole = await store().changedSince('contract', projection, { since: at(0), limit: 100 });
      expect(whole.views.map((stored) => stored.key)).toEqual(['k0', 'k2', 'k3', 'k4', 'k5', 'k6', 'k1', 'other']);
      expect(whole.views[6]).toEqual(view(projection, 'k1', 2, at(30)));
      expect(whole.next).toBeUndefined();
    });

    it('pages views written at the same moment without losing or repeating one', async () => {
      const projection = `same-${randomUUID().slice(0, 8)}`;
      const keys = Array.from({ length: 9 }, (_, i) => `s${i}`);
      for (const key of keys) await store().put(view(projection, key, 1, at(5)), 0);
      const seen = await allChanged(store(), projection, at(5), 4);
      expect([...seen].sort()).toEqual(keys.map((key) => `${key}@1`).sort());
    });
  });
