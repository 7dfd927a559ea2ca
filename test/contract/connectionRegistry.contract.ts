import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConnectionRegistry } from '#ports/connectionRegistry';

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

/** The connection ids subscribed to a view, sorted. */
const idsOf = async (registry: ConnectionRegistry, key: string, context = 'contract') =>
  (await registry.subscribers(context, 'todoList', key)).map((subscriber) => subscriber.connectionId).sort();

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
      expect(await idsOf(registry(), key)).toEqual([...ids].sort());
      expect(await idsOf(registry(), key, 'elsewhere')).toEqual([other]);
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
      expect(await idsOf(registry(), key)).toEqual([b]);
      await registry().disconnect(b);
      expect(await idsOf(registry(), key)).toEqual([]);
      expect(await idsOf(registry(), `${key}-2`)).toEqual([a]);
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

    it('keeps the role and token expiry of a connection, and the expiry with each subscription', async () => {
      const key = randomUUID();
      const [withToken, without] = [randomUUID(), randomUUID()];
      await registry().connect({ ...connection(withToken), role: 'writer', tokenExpiresAt: 1_900_000_000 });
      await registry().connect(connection(without));
      expect(await registry().get(withToken)).toEqual({
        ...connection(withToken),
        role: 'writer',
        tokenExpiresAt: 1_900_000_000,
      });
      await registry().subscribe({ ...sub(withToken, key), tokenExpiresAt: 1_900_000_000 }, 4_000_000_000);
      await registry().subscribe(sub(without, key), 4_000_000_000);
      const found = await registry().subscribers('contract', 'todoList', key);
      expect(found.sort((x, y) => x.connectionId.localeCompare(y.connectionId))).toEqual(
        [{ connectionId: withToken, tokenExpiresAt: 1_900_000_000 }, { connectionId: without }].sort((x, y) =>
          x.connectionId.localeCompare(y.connectionId),
        ),
      );
    });

    it('renews the token of a connection and of each of its subscriptions, and of nothing else', async () => {
      const [key, other] = [randomUUID(), randomUUID()];
      const [renewed, bystander] = [randomUUID(), randomUUID()];
      for (const id of [renewed, bystander]) {
        await registry().connect({ ...connection(id), role: 'reader', tokenExpiresAt: 1_800_000_000 });
        await registry().subscribe({ ...sub(id, key), tokenExpiresAt: 1_800_000_000 }, 4_000_000_000);
      }
      await registry().subscribe({ ...sub(renewed, other), tokenExpiresAt: 1_800_000_000 }, 4_000_000_000);
      await registry().unsubscribe(sub(renewed, other));

      await registry().renewToken(renewed, { role: 'writer', tokenExpiresAt: 1_800_003_600 });

      expect(await registry().get(renewed)).toMatchObject({ role: 'writer', tokenExpiresAt: 1_800_003_600 });
      expect(await registry().get(bystander)).toMatchObject({ role: 'reader', tokenExpiresAt: 1_800_000_000 });
      const found = new Map(
        (await registry().subscribers('contract', 'todoList', key)).map((s) => [s.connectionId, s.tokenExpiresAt]),
      );
      expect(found.get(renewed)).toBe(1_800_003_600);
      expect(found.get(bystander)).toBe(1_800_000_000);
      // An ended subscription, or an unknown connection, is not brought back.
      expect(await registry().subscribers('contract', 'todoList', other)).toEqual([]);
      const unknown = randomUUID();
      await registry().renewToken(unknown, { role: 'admin', tokenExpiresAt: 1_800_003_600 });
      expect(await registry().get(unknown)).toBeUndefined();
    });

    it('keeps whether a subscription takes patches, through a token renewal', async () => {
      const key = randomUUID();
      const [patching, whole] = [randomUUID(), randomUUID()];
      for (const id of [patching, whole])
        await registry().connect({ ...connection(id), tokenExpiresAt: 1_800_000_000 });
      await registry().subscribe(
        { ...sub(patching, key), patches: true, tokenExpiresAt: 1_800_000_000 },
        4_000_000_000,
      );
      await registry().subscribe(sub(whole, key), 4_000_000_000);
      await registry().renewToken(patching, { role: 'reader', tokenExpiresAt: 1_800_003_600 });
      const found = new Map(
        (await registry().subscribers('contract', 'todoList', key)).map((s) => [s.connectionId, s]),
      );
      expect(found.get(patching)).toEqual({ connectionId: patching, tokenExpiresAt: 1_800_003_600, patches: true });
      expect(found.get(whole)).toEqual({ connectionId: whole });
    });

    it('keeps the endpoint that reaches a connection, on it and with each subscription, through a renewal', async () => {
      const key = randomUUID();
      const [here, there] = [randomUUID(), randomUUID()];
      await registry().connect({ ...connection(here), endpoint: 'http://10.0.0.1:9001' });
      await registry().connect(connection(there));
      await registry().subscribe({ ...sub(here, key), endpoint: 'http://10.0.0.1:9001' }, 4_000_000_000);
      await registry().subscribe(sub(there, key), 4_000_000_000);
      await registry().renewToken(here, { role: 'writer', tokenExpiresAt: 1_800_003_600 });
      expect((await registry().get(here))?.endpoint).toBe('http://10.0.0.1:9001');
      const found = new Map(
        (await registry().subscribers('contract', 'todoList', key)).map((s) => [s.connectionId, s]),
      );
      expect(found.get(here)).toEqual({
        connectionId: here,
        tokenExpiresAt: 1_800_003_600,
        endpoint: 'http://10.0.0.1:9001',
      });
      expect(found.get(there)).toEqual({ connectionId: there });
    });
  });
