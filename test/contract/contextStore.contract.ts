import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ContextCatalog } from '#application/contextCatalog';
import { ContextExistsError, type ContextRecord, type ContextStore } from '#ports/contextStore';

/** A name no other test in the file uses (the store is shared by the file's tests). */
const freshName = () => `c-${randomUUID().slice(0, 8)}`;
const active = (name: string, createdAt = '2026-11-23T10:00:00.000Z'): ContextRecord => ({
  name,
  state: 'active',
  createdAt,
});
const at = (iso: string) => new Date(iso);

/** One behaviour for every context store adapter. */
export const contextStoreContract = (name: string, store: () => ContextStore) =>
  describe(`context store contract: ${name}`, () => {
    it('creates a record it then gets and lists, sorted by name', async () => {
      const [b, a] = [`b${freshName()}`, `a${freshName()}`];
      await store().create(active(b));
      await store().create(active(a, '2026-11-23T11:00:00.000Z'));
      expect(await store().get(a)).toEqual(active(a, '2026-11-23T11:00:00.000Z'));
      const listed = (await store().list()).filter((record) => record.name === a || record.name === b);
      expect(listed).toEqual([active(a, '2026-11-23T11:00:00.000Z'), active(b)]);
      expect(await store().get(freshName())).toBeUndefined();
    });

    it('refuses a name taken, active or retired, with the record that holds it', async () => {
      const name = freshName();
      await store().create(active(name));
      const again = store().create(active(name, '2027-01-01T00:00:00.000Z'));
      await expect(again).rejects.toBeInstanceOf(ContextExistsError);
      await expect(again).rejects.toMatchObject({ code: 'CONTEXT_EXISTS', status: 409, existing: active(name) });

      await store().retire(name, at('2026-12-01T00:00:00.000Z'));
      await expect(store().create(active(name))).rejects.toMatchObject({
        existing: { name, state: 'retired', retiredAt: '2026-12-01T00:00:00.000Z' },
      });
      expect((await store().get(name))?.state).toBe('retired');
    });

    it('lets exactly one of several concurrent creates of a name win', async () => {
      const name = freshName();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => store().create(active(name, `2026-11-23T10:00:0${i}.000Z`))),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ContextExistsError);
      }
      expect((await store().list()).filter((record) => record.name === name)).toHaveLength(1);
    });

    it('retires idempotently, keeping the first retire time, and answers nothing for an unknown name', async () => {
      const name = freshName();
      await store().create(active(name));
      const retired = { ...active(name), state: 'retired', retiredAt: '2026-12-01T00:00:00.000Z' };
      expect(await store().retire(name, at('2026-12-01T00:00:00.000Z'))).toEqual(retired);
      expect(await store().retire(name, at('2026-12-02T00:00:00.000Z'))).toEqual(retired);
      expect(await store().get(name)).toEqual(retired);
      expect(await store().retire(freshName(), at('2026-12-01T00:00:00.000Z'))).toBeUndefined();
      expect(await store().get(freshName())).toBeUndefined();
    });

    it('serves catalogs seeding at once (Lambda instances starting together): one record per seed', async () => {
      const seed = [freshName(), freshName()];
      const catalogs = Array.from({ length: 4 }, () => new ContextCatalog(store(), { seed }));
      const checks = await Promise.all(catalogs.flatMap((catalog) => seed.map((name) => catalog.isActive(name))));
      expect(checks.every(Boolean)).toBe(true);
      // Readers write nothing; what seeds (the admin function, the local runtime) writes each seed once.
      expect((await store().list()).filter((record) => seed.includes(record.name))).toEqual([]);
      await Promise.all(catalogs.map((catalog) => catalog.seed()));
      const records = (await store().list()).filter((record) => seed.includes(record.name));
      expect(records.map((record) => record.state)).toEqual(['active', 'active']);
    });
  });
