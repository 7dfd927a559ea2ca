import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConnectionRegistry } from '../../shared/ports/connectionRegistry';

const connection = (connectionId: string, context = 'contract') => ({
  connectionId,
  context,
  principal: 'anonymous',
  connectedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: 4_000_000_000,
});

const sub = (connectionId: string, key: string, context = 'contract') => ({
  connectionId,
  context,
  projection: 'todoList',
  key,
});

/** One behaviour for every connection registry adapter. */
export const connectionRegistryContract = (name: string, registry: () => ConnectionRegistry) =>
  describe(`connection registry contract: ${name}`, () => {
    it('records a connection and forgets it on disconnect, twice safely', async () => {
      const id = randomUUID();
      await registry().connect(connection(id));
      expect(await registry().get(id)).toEqual(connection(id));
      await registry().disconnect(id);
      await registry().disconnect(id);
      expect(await registry().get(id)).toBeUndefined();
    });

    it('finds every subscriber of a view, and only of that view and context', async () => {
      const key = randomUUID();
      const ids = Array.from({ length: 5 }, () => randomUUID());
      for (const id of ids) {
        await registry().connect(connection(id));
        await registry().subscribe(sub(id, key), 4_000_000_000);
      }
      const other = randomUUID();
      await registry().connect(connection(other, 'elsewhere'));
      await registry().subscribe(sub(other, key, 'elsewhere'), 4_000_000_000);
      await registry().subscribe(sub(ids[0] ?? '', `${key}-other`), 4_000_000_000);
      expect((await registry().subscribers('contract', 'todoList', key)).sort()).toEqual([...ids].sort());
      expect(await registry().subscribers('elsewhere', 'todoList', key)).toEqual([other]);
    });

    it('drops a subscription on unsubscribe, and all of a connection on disconnect', async () => {
      const key = randomUUID();
      const [a, b] = [randomUUID(), randomUUID()];
      for (const id of [a, b]) {
        await registry().connect(connection(id));
        await registry().subscribe(sub(id, key), 4_000_000_000);
        await registry().subscribe(sub(id, `${key}-2`), 4_000_000_000);
      }
      await registry().unsubscribe(sub(a, key));
      expect(await registry().subscribers('contract', 'todoList', key)).toEqual([b]);
      await registry().disconnect(b);
      expect(await registry().subscribers('contract', 'todoList', key)).toEqual([]);
      expect(await registry().subscribers('contract', 'todoList', `${key}-2`)).toEqual([a]);
    });

    it('holds many subscribers of one view (paginated reads)', async () => {
      const key = randomUUID();
      const ids = Array.from({ length: 120 }, () => randomUUID());
      await Promise.all(
        ids.map(async (id) => {
          await registry().connect(connection(id));
          await registry().subscribe(sub(id, key), 4_000_000_000);
        }),
      );
      expect((await registry().subscribers('contract', 'todoList', key)).length).toBe(120);
    });
  });
