import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConnectionRegistry } from '#ports/connectionRegistry';
import type { RuntimeRoster } from '#ports/runtimeRoster';

/** The roster and the registry's per-endpoint listing, for every adapter: what pruning a gone runtime reads. */
export const runtimeRosterContract = (name: string, roster: () => RuntimeRoster, registry: () => ConnectionRegistry) =>
  describe(`runtime roster contract: ${name}`, () => {
    it('knows a runtime alive while its lease runs, gone after it, and at once when it leaves', async () => {
      const endpoint = `http://10.0.0.${Math.floor(Math.random() * 250)}:${randomUUID().slice(0, 4)}`;
      const now = 1_800_000_000_000;
      expect(await roster().isAlive(endpoint, now)).toBe(false); // never beat
      await roster().beat(endpoint, now + 10_000);
      expect(await roster().isAlive(endpoint, now + 9_999)).toBe(true);
      expect(await roster().isAlive(endpoint, now + 10_000)).toBe(false);
      await roster().beat(endpoint, now + 20_000);
      expect(await roster().isAlive(endpoint, now + 15_000)).toBe(true);
      await roster().leave(endpoint);
      expect(await roster().isAlive(endpoint, now + 15_000)).toBe(false);
    });

    it('lists the connections of an endpoint, and forgets one on its disconnect', async () => {
      const endpoint = `http://runtime-${randomUUID().slice(0, 8)}:9000`;
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      const base = {
        context: 'contract',
        principal: 'anonymous',
        connectedAt: '2026-01-01T00:00:00.000Z',
        expiresAt: 4_000_000_000,
      };
      for (const connectionId of ids) await registry().connect({ ...base, connectionId, endpoint });
      await registry().connect({ ...base, connectionId: randomUUID(), endpoint: `${endpoint}0` });
      await registry().connect({ ...base, connectionId: randomUUID() });
      const listed = async () => {
        const found: string[] = [];
        for await (const id of registry().connectionsAt(endpoint)) found.push(id);
        return found.sort();
      };
      expect(await listed()).toEqual([...ids].sort());
      await registry().disconnect(ids[0] as string);
      expect(await listed()).toEqual(ids.slice(1).sort());
    });
  });
