import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventStore } from '#ports/eventStore';

/** An event as the code before schema versions wrote it: type and data, nothing else. */
export interface LegacyEvent {
  type: string;
  data: unknown;
}

/**
 * What the schema-version contract needs of an adapter beside its store: a way to write a commit
 * around it, exactly as the adapter's code before schema versions stored one, and to read that
 * commit's stored form back, to see that reading it leaves it as it was.
 */
export interface LegacyCommits {
  /** Stores the stream's first commit the old way; resolves with a store that holds it. */
  write(streamKey: string, events: readonly LegacyEvent[]): Promise<EventStore>;
  /** The stream's first commit as stored: the log line or the item, untouched by the adapter's code. */
  stored(streamKey: string): Promise<unknown>;
}

const append = (store: EventStore, streamKey: string, expectedVersion: number, events: object[]) =>
  store.append({
    streamKey,
    expectedVersion,
    events: events as { type: string; data: unknown }[],
    commandId: randomUUID(),
    fingerprint: 'fp',
    committedAt: '2026-01-01T00:00:00.000Z',
  });

const versionsOf = (events: readonly { type: string; version: number; schemaVersion: number }[]) =>
  events.map((event) => [event.type, event.version, event.schemaVersion]);

/**
 * Schema versions, the same on every event store adapter: each stored event keeps the version it
 * was written with, a commit stored before versions were reads as version 1, and no read changes
 * what is stored. (Upcasting is the readers' job, above the store: the store returns as stored.)
 */
export const eventStoreSchemaVersionContract = (
  adapter: string,
  fixture: () => { eventStore: EventStore; legacy: LegacyCommits },
) =>
  describe(`event store schema versions: ${adapter}`, () => {
    it("keeps each event's schema version through every read; one appended without it is version 1", async () => {
      const { eventStore } = fixture();
      const stream = `contract#thing#${randomUUID()}`;
      await append(eventStore, stream, 0, [
        { type: 'A', schemaVersion: 3, data: { a: 1 } },
        { type: 'B', data: { b: 1 } },
      ]);
      await append(eventStore, stream, 2, [{ type: 'A', schemaVersion: 2, data: {} }]);
      const expected = [
        ['A', 1, 3],
        ['B', 2, 1],
        ['A', 3, 2],
      ];
      expect(versionsOf((await eventStore.read(stream)).events)).toEqual(expected);
      expect(versionsOf((await eventStore.read(stream, { fromVersion: 2, limit: 1 })).events)).toEqual([expected[1]]);
      const commits = await eventStore.readCommits(stream, { afterVersion: 0 });
      expect(versionsOf(commits.flatMap((commit) => commit.events))).toEqual(expected);
      const { commits: tail } = await eventStore.readTail(stream, 10);
      expect(versionsOf(tail.flatMap((commit) => commit.events))).toEqual(expected);
    });

    it('reads a commit stored before schema versions as version 1, and leaves it as it was stored', async () => {
      const { legacy } = fixture();
      const stream = `contract#thing#${randomUUID()}`;
      const store = await legacy.write(stream, [
        { type: 'Old', data: { text: 'as written ✓', nested: { list: [1, 2] } } },
        { type: 'Older', data: {} },
      ]);
      const before = await legacy.stored(stream);
      const { events } = await store.read(stream);
      expect(events).toEqual([
        { type: 'Old', version: 1, schemaVersion: 1, data: { text: 'as written ✓', nested: { list: [1, 2] } } },
        { type: 'Older', version: 2, schemaVersion: 1, data: {} },
      ]);
      expect(versionsOf((await store.readTail(stream, 5)).commits[0]?.events ?? [])).toEqual([
        ['Old', 1, 1],
        ['Older', 2, 1],
      ]);
      // A newer commit beside it carries its version, and the old one is still as it was stored.
      await append(store, stream, 2, [{ type: 'New', schemaVersion: 2, data: {} }]);
      expect(versionsOf((await store.read(stream, { fromVersion: 3 })).events)).toEqual([['New', 3, 2]]);
      expect(await legacy.stored(stream)).toEqual(before);
    });
  });
