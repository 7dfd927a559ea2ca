import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CommandLedger, CommandRecord } from '#ports/commandLedger';
import { type AppendRequest, type EventStore, type StreamCatalog, StreamConflictError } from '#ports/eventStore';
import type { SnapshotStore } from '#ports/snapshotStore';

export interface EventStoreFixture {
  eventStore: EventStore;
  catalog: StreamCatalog;
  ledger: CommandLedger;
  snapshots: SnapshotStore;
}

const record = (commandId: string, status: CommandRecord['status'] = 'succeeded'): CommandRecord => ({
  context: 'contract',
  commandId,
  status,
  fingerprint: `fp-${commandId}`,
  updatedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: 4_000_000_000,
});

const appendRequest = (
  streamKey: string,
  expectedVersion: number,
  types: string[],
  commandId = randomUUID(),
): AppendRequest => ({
  streamKey,
  expectedVersion,
  events: types.map((type, index) => ({
    type,
    data: { index, text: `${type} ✓`, nested: { list: [1, 2], empty: {} } },
  })),
  commandId,
  fingerprint: `fp-${commandId}`,
  committedAt: '2026-01-01T00:00:00.000Z',
});

const newStream = () => `contract#thing#${randomUUID()}`;

/**
 * One behaviour for every event store adapter: the embedded one and DynamoDB (on DynamoDB Local).
 * `expectedVersion` is always a version the writer read, as the command pipeline guarantees.
 */
export const eventStoreContract = (adapter: string, fixture: () => EventStoreFixture) =>
  describe(`event store contract: ${adapter}`, () => {
    it('lists every stream under a prefix once, however many commits it has', async () => {
      const { eventStore, catalog } = fixture();
      const type = `t${randomUUID().slice(0, 8)}`;
      const streams = Array.from({ length: 7 }, (_, i) => `contract#${type}#s${i}`);
      for (const stream of streams) {
        await eventStore.append(appendRequest(stream, 0, ['A']));
        await eventStore.append(appendRequest(stream, 1, ['B', 'C']));
      }
      await eventStore.append(appendRequest(`other#${type}#s0`, 0, ['A']));
      const listed: string[] = [];
      for await (const key of catalog.streamKeys(`contract#${type}#`)) listed.push(key);
      expect(listed.sort()).toEqual([...streams].sort());
    });

    it('reads an empty stream as version 0 with no events', async () => {
      const { eventStore } = fixture();
      const stream = newStream();
      expect(await eventStore.read(stream)).toEqual({ events: [], hasMore: false });
      expect(await eventStore.currentVersion(stream)).toBe(0);
    });

    it('appends a commit of several events with gapless versions and reads them back in order', async () => {
      const { eventStore } = fixture();
      const stream = newStream();
      await eventStore.append(appendRequest(stream, 0, ['A', 'B', 'C']));
      await eventStore.append(appendRequest(stream, 3, ['D']));
      const { events } = await eventStore.read(stream);
      expect(events.map((event) => [event.type, event.version])).toEqual([
        ['A', 1],
        ['B', 2],
        ['C', 3],
        ['D', 4],
      ]);
      expect(events[0]?.data).toEqual({ index: 0, text: 'A ✓', nested: { list: [1, 2], empty: {} } });
      expect(await eventStore.currentVersion(stream)).toBe(4);
    });

    it('rejects a stale writer and keeps the stream unchanged (no partial commit)', async () => {
      const { eventStore } = fixture();
      const stream = newStream();
      await eventStore.append(appendRequest(stream, 0, ['A']));
      await expect(eventStore.append(appendRequest(stream, 0, ['X', 'Y']))).rejects.toBeInstanceOf(StreamConflictError);
      await eventStore.append(appendRequest(stream, 1, ['B', 'C']));
      await expect(eventStore.append(appendRequest(stream, 1, ['Z']))).rejects.toBeInstanceOf(StreamConflictError);
      const { events } = await eventStore.read(stream);
      expect(events.map((event) => event.type)).toEqual(['A', 'B', 'C']);
    });

    it('lets exactly one of many concurrent writers on the same version win', async () => {
      const { eventStore } = fixture();
      const stream = newStream();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => eventStore.append(appendRequest(stream, 0, [`W${i}a`, `W${i}b`]))),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(StreamConflictError);
      }
      const { events } = await eventStore.read(stream);
      expect(events.map((event) => event.version)).toEqual([1, 2]);
      expect(events[0]?.type.replace(/a$/, '')).toBe(events[1]?.type.replace(/b$/, ''));
    });

    it('keeps streams apart', async () => {
      const { eventStore } = fixture();
      const [one, two] = [newStream(), newStream()];
      await eventStore.append(appendRequest(one, 0, ['A']));
      await eventStore.append(appendRequest(two, 0, ['B', 'C']));
      expect((await eventStore.read(one)).events.map((event) => event.type)).toEqual(['A']);
      expect(await eventStore.currentVersion(two)).toBe(2);
    });

    it('reads from a version inside a commit, and pages through long streams', async () => {
      const { eventStore } = fixture();
      const stream = newStream();
      await eventStore.append(appendRequest(stream, 0, ['A', 'B', 'C']));
      for (let version = 3; version < 250; version++)
        await eventStore.append(appendRequest(stream, version, [`E${version + 1}`]));
      const fromMiddle = await eventStore.read(stream, { fromVersion: 2, limit: 3 });
      expect(fromMiddle.events.map((event) => event.version)).toEqual([2, 3, 4]);
      expect(fromMiddle.hasMore).toBe(true);
      const all = await eventStore.read(stream);
      expect(all.events.map((event) => event.version)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
      expect(all.hasMore).toBe(false);
      const page = await eventStore.read(stream, { fromVersion: 101, limit: 100, fromCommitBoundary: true });
      expect(page.events.map((event) => event.version)).toEqual(Array.from({ length: 100 }, (_, i) => i + 101));
      expect(page.hasMore).toBe(true);
      const tail = await eventStore.read(stream, { fromVersion: 241, limit: 100 });
      expect(tail.events).toHaveLength(10);
      expect(tail.hasMore).toBe(false);
    });

    it('carries the command id and fingerprint on its commit, read back with whole commits', async () => {
      const { eventStore } = fixture();
      const stream = newStream();
      const first = appendRequest(stream, 0, ['A']);
      const second = appendRequest(stream, 1, ['B', 'C']);
      await eventStore.append(first);
      await eventStore.append(second);
      const commits = await eventStore.readCommits(stream, { afterVersion: 0 });
      expect(commits.map((commit) => [commit.baseVersion, commit.commandId, commit.fingerprint])).toEqual([
        [0, first.commandId, first.fingerprint],
        [1, second.commandId, second.fingerprint],
      ]);
      expect(commits[1]).toMatchObject({
        streamKey: stream,
        committedAt: second.committedAt,
        events: [
          { type: 'B', version: 2 },
          { type: 'C', version: 3 },
        ],
      });
      expect(await eventStore.readCommits(stream, { afterVersion: 1 })).toHaveLength(1);
      expect(await eventStore.readCommits(stream, { afterVersion: 0, beforeVersion: 1 })).toHaveLength(1);
      expect(await eventStore.readCommits(stream, { afterVersion: 1, beforeVersion: 1 })).toEqual([]);
      expect(await eventStore.readCommits(newStream(), { afterVersion: 0 })).toEqual([]);
    });

    it('reads the newest commits of a stream, oldest first, and says whether they reach its start', async () => {
      const { eventStore } = fixture();
      const stream = newStream();
      expect(await eventStore.readTail(stream, 3)).toEqual({ commits: [], complete: true });
      for (let version = 0; version < 5; version++) await eventStore.append(appendRequest(stream, version, ['E']));
      const tail = await eventStore.readTail(stream, 3);
      expect(tail.commits.map((commit) => commit.baseVersion)).toEqual([2, 3, 4]);
      expect(tail.complete).toBe(false);
      const whole = await eventStore.readTail(stream, 5);
      expect(whole.commits.map((commit) => commit.baseVersion)).toEqual([0, 1, 2, 3, 4]);
      expect(whole.complete).toBe(true);
    });

    it('moves a command record accepted → succeeded, and never back', async () => {
      const { ledger } = fixture();
      const commandId = randomUUID();
      expect(await ledger.accept(record(commandId, 'accepted'))).toBeUndefined();
      expect(await ledger.accept(record(commandId, 'accepted'))).toMatchObject({ status: 'accepted' });
      const result = { commandId, aggregateId: 'a', version: 1, events: [] };
      await ledger.succeed({ ...record(commandId), result });
      expect(await ledger.get('contract', commandId)).toMatchObject({ status: 'succeeded', result });
      await ledger.fail({ ...record(commandId, 'failed'), error: { status: 422, code: 'NOPE', message: 'no' } });
      await ledger.succeed({ ...record(commandId), result: { ...result, version: 9 } });
      expect(await ledger.get('contract', commandId)).toMatchObject({ status: 'succeeded', result });
      expect(await ledger.accept(record(commandId, 'accepted'))).toMatchObject({ status: 'succeeded' });
    });

    it('records a success that arrives before any accepted record (the stream of a sync command)', async () => {
      const { ledger } = fixture();
      const commandId = randomUUID();
      await ledger.succeed({ ...record(commandId), result: { commandId, aggregateId: 'a', version: 3, events: [] } });
      expect(await ledger.get('contract', commandId)).toMatchObject({ status: 'succeeded', result: { version: 3 } });
    });

    it('records a failure for an accepted command, and keeps the first failure', async () => {
      const { ledger } = fixture();
      const commandId = randomUUID();
      await ledger.accept(record(commandId, 'accepted'));
      await ledger.fail({ ...record(commandId, 'failed'), error: { status: 422, code: 'FIRST', message: 'x' } });
      await ledger.fail({ ...record(commandId, 'failed'), error: { status: 422, code: 'SECOND', message: 'y' } });
      expect(await ledger.get('contract', commandId)).toMatchObject({ status: 'failed', error: { code: 'FIRST' } });
      expect(await ledger.get('other-context', commandId)).toBeUndefined();
    });

    it('keeps the newest snapshot', async () => {
      const { snapshots } = fixture();
      const streamKey = newStream();
      expect(await snapshots.get(streamKey)).toBeUndefined();
      await snapshots.put({
        streamKey,
        version: 200,
        schemaVersion: 1,
        state: { todos: { a: { done: true } }, empty: {} },
      });
      await snapshots.put({ streamKey, version: 100, schemaVersion: 1, state: { stale: true } });
      expect(await snapshots.get(streamKey)).toMatchObject({
        streamKey,
        version: 200,
        schemaVersion: 1,
        state: { todos: { a: { done: true } }, empty: {} },
      });
      const recent = [{ commandId: 'c', fingerprint: 'f', baseVersion: 299, lastVersion: 300, committedAt: 'x' }];
      await snapshots.put({ streamKey, version: 300, schemaVersion: 1, state: {}, recent, recentComplete: true });
      expect(await snapshots.get(streamKey)).toMatchObject({ version: 300, recent, recentComplete: true });
    });
  });
