/**
 * The write path's costs and its safety without a transaction: what a warm, a cold and a stale
 * command read and write, and how a retry finds its own commit.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { CommandService } from '#application/commandService';
import { RECENT_COMMANDS } from '#application/recentCommands';
import type { CommandLedger } from '#ports/commandLedger';
import { StreamConflictError } from '#ports/eventStore';
import type { SnapshotStore } from '#ports/snapshotStore';
import { countingStore, followCommits, record, request } from '../support/commandFixtures';
import { testDomain } from '../support/testDomain';

const countedLedger = (inner: CommandLedger) => {
  const calls = { get: 0 };
  const ledger: CommandLedger = {
    get: (...args) => {
      calls.get += 1;
      return inner.get(...args);
    },
    accept: (record) => inner.accept(record),
    succeed: (record) => inner.succeed(record),
    fail: (record) => inner.fail(record),
  };
  return { ledger, calls };
};

const countedSnapshots = (inner: SnapshotStore) => {
  const calls = { get: 0 };
  const snapshots: SnapshotStore = {
    get: (key) => {
      calls.get += 1;
      return inner.get(key);
    },
    put: (snapshot) => inner.put(snapshot),
  };
  return { snapshots, calls };
};

const rig = (options: { cacheEntries?: number; now?: () => Date } = {}) => {
  const inner = new EmbeddedEventStore();
  const { store, calls } = countingStore(inner);
  const { ledger, calls: ledgerCalls } = countedLedger(inner);
  const { snapshots, calls: snapshotCalls } = countedSnapshots(inner.snapshotStore);
  const service = new CommandService({
    registry: testDomain.aggregates,
    eventStore: store,
    ledger,
    snapshots,
    sleep: async () => {},
    ...options,
  });
  const reset = () => {
    for (const key of Object.keys(calls) as (keyof typeof calls)[]) calls[key] = 0;
    ledgerCalls.get = 0;
    snapshotCalls.get = 0;
  };
  return { inner, store, service, calls, ledgerCalls, snapshotCalls, reset };
};

describe('write path: one conditional write per command', () => {
  it('decides a warm aggregate without a read: exactly one append', async () => {
    const { service, calls, ledgerCalls, snapshotCalls, reset } = rig();
    await service.execute(request());
    reset();
    await service.execute(record('t1'), { freshId: true });
    await service.execute(record('t2', { commandId: 'client-key' }));
    expect(calls).toEqual({ read: 0, readCommits: 0, readTail: 0, currentVersion: 0, append: 2 });
    expect(ledgerCalls.get).toBe(0);
    expect(snapshotCalls.get).toBe(0);
  });

  it('loads a cold, short aggregate with one read of its tail and no snapshot read', async () => {
    const inner = new EmbeddedEventStore();
    const writer = new CommandService({ registry: testDomain.aggregates, eventStore: inner, ledger: inner });
    await writer.execute(request());
    for (let i = 0; i < 9; i++) await writer.execute(record(`t${i}`));
    const counted = countingStore(inner);
    const { snapshots, calls } = countedSnapshots(inner.snapshotStore);
    const { ledger, calls: ledgerCalls } = countedLedger(inner);
    const cold = new CommandService({
      registry: testDomain.aggregates,
      eventStore: counted.store,
      ledger,
      snapshots,
    });
    await cold.execute(record('t9', { commandId: 'k' }));
    expect(counted.calls).toEqual({ read: 0, readCommits: 0, readTail: 1, currentVersion: 0, append: 1 });
    expect(calls.get).toBe(0);
    expect(ledgerCalls.get).toBe(0);
  });

  it('reads the snapshot only for a stream longer than the snapshot interval', async () => {
    const inner = new EmbeddedEventStore();
    const writer = new CommandService({ registry: testDomain.aggregates, eventStore: inner, ledger: inner });
    await writer.execute(request());
    let followed = await followCommits(inner);
    for (let i = 0; i < 250; i++) {
      await writer.execute(record(`t${i}`));
      followed = await followCommits(inner, followed);
    }
    const counted = countingStore(inner);
    const { snapshots, calls } = countedSnapshots(inner.snapshotStore);
    const cold = new CommandService({
      registry: testDomain.aggregates,
      eventStore: counted.store,
      ledger: inner,
      snapshots,
    });
    const outcome = await cold.execute(record('last'));
    expect(outcome.result.version).toBe(252);
    expect(calls.get).toBe(1);
    expect(counted.calls).toMatchObject({ readTail: 1, readCommits: 0, append: 1 });
  });

  it('catches a stale cache with the write itself, then catches up with one read', async () => {
    const { inner, service, calls, reset } = rig();
    await service.execute(request());
    const other = new CommandService({ registry: testDomain.aggregates, eventStore: inner, ledger: inner });
    await other.execute(record('theirs'));
    reset();
    const outcome = await service.execute(record('mine'));
    expect(outcome).toMatchObject({ attempts: 2, result: { version: 3 } });
    expect(calls).toMatchObject({ readTail: 0, readCommits: 1, append: 2 });
    const { events } = await inner.read('default#ledger#ledger-1');
    expect(events.map((event) => event.version)).toEqual([1, 2, 3]);
  });

  it('checks a refusal decided on a cached state against the store before answering it', async () => {
    const { inner, service, calls, reset } = rig();
    await service.execute(request());
    const other = new CommandService({ registry: testDomain.aggregates, eventStore: inner, ledger: inner });
    await other.execute(record('t1'));
    reset();
    // The cache has no t1: reversing it would be ENTRY_NOT_FOUND there; the store says it exists.
    const outcome = await service.execute(request({ type: 'Reverse', payload: { entryId: 't1' } }));
    expect(outcome.result.version).toBe(3);
    expect(calls).toMatchObject({ readCommits: 1, append: 1 });
  });

  it('checks If-Match against the store when the cached version differs', async () => {
    const { inner, service } = rig();
    await service.execute(request());
    await new CommandService({ registry: testDomain.aggregates, eventStore: inner, ledger: inner }).execute(
      record('t1'),
    );
    const outcome = await service.execute(record('t2', { expectedVersion: 2 }));
    expect(outcome.result.version).toBe(3);
  });

  it('retries a write refused with no newer commit to read (a conflicting write in another region)', async () => {
    const inner = new EmbeddedEventStore();
    const { store } = countingStore(inner);
    let refuse = true;
    const contested = {
      ...store,
      append: async (...args: Parameters<typeof store.append>) => {
        if (refuse) {
          refuse = false;
          throw new StreamConflictError(args[0].streamKey, args[0].expectedVersion);
        }
        await store.append(...args);
      },
    };
    const service = new CommandService({
      registry: testDomain.aggregates,
      eventStore: contested,
      ledger: inner,
      sleep: async () => {},
    });
    const outcome = await service.execute(request({ expectedVersion: 0 }));
    expect(outcome).toMatchObject({ attempts: 2, result: { version: 1 } });
  });

  it('answers a retry from its commit in the stream, on another instance, without the ledger', async () => {
    const { inner, service } = rig();
    await service.execute(request());
    const first = await service.execute(record('t1', { commandId: 'retry-me' }));
    const { ledger, calls } = countedLedger(inner);
    const elsewhere = new CommandService({ registry: testDomain.aggregates, eventStore: inner, ledger });
    const again = await elsewhere.execute(record('t1', { commandId: 'retry-me' }));
    expect(again).toEqual({ result: first.result, replayed: true, attempts: 0 });
    expect(calls.get).toBe(0);
    expect(await inner.currentVersion('default#ledger#ledger-1')).toBe(2);
  });

  it('asks the ledger only when the recent commands do not reach back across the idempotency window', async () => {
    const inner = new EmbeddedEventStore();
    const writer = new CommandService({ registry: testDomain.aggregates, eventStore: inner, ledger: inner });
    await writer.execute(request({ commandId: 'old-key' }));
    await followCommits(inner);
    for (let i = 0; i < RECENT_COMMANDS + 5; i++) await writer.execute(record(`t${i}`));
    // The first command is no longer among the recent ones: only the ledger knows it.
    const { ledger, calls } = countedLedger(inner);
    const cold = new CommandService({ registry: testDomain.aggregates, eventStore: inner, ledger });
    const replay = await cold.execute(request({ commandId: 'old-key' }));
    expect(replay).toMatchObject({ replayed: true, result: { version: 1 } });
    expect(calls.get).toBe(1);
    // A server-generated id asks nobody; a key on a stream whose recent commands are older than
    // the window needs no ledger either.
    await cold.execute(record('x'), { freshId: true });
    const later = new CommandService({
      registry: testDomain.aggregates,
      eventStore: inner,
      ledger,
      now: () => new Date(Date.now() + 8 * 24 * 3600 * 1000),
    });
    await later.execute(record('y', { commandId: 'new-key' }));
    expect(calls.get).toBe(1);
  });

  it('refuses the same key for a different command, found in the stream', async () => {
    const { service } = rig();
    await service.execute(request({ commandId: 'k1' }));
    const error = await service.execute(request({ commandId: 'k1', payload: { title: 'Other' } })).catch((e) => e);
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('commits once for the same key sent 20 times at once across instances', async () => {
    const inner = new EmbeddedEventStore();
    const setup = new CommandService({ registry: testDomain.aggregates, eventStore: inner, ledger: inner });
    await setup.execute(request());
    const instances = Array.from(
      { length: 4 },
      () =>
        new CommandService({
          registry: testDomain.aggregates,
          eventStore: inner,
          ledger: inner,
          sleep: async () => {},
        }),
    );
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => instances[i % 4]?.execute(record('once', { commandId: 'same' }))),
    );
    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome?.result))).size).toBe(1);
    expect(await inner.currentVersion('default#ledger#ledger-1')).toBe(2);
  });

  it('recognises its own commit after a lost response and forgets the cached state', async () => {
    const inner = new EmbeddedEventStore();
    const { store } = countingStore(inner);
    let lose = true;
    const lossy = {
      ...store,
      append: async (...args: Parameters<typeof store.append>) => {
        await store.append(...args);
        if (lose) {
          lose = false;
          throw new Error('socket hang up after the write was applied');
        }
      },
    };
    const service = new CommandService({ registry: testDomain.aggregates, eventStore: lossy, ledger: inner });
    const outcome = await service.execute(request({ commandId: 'lost' }));
    expect(outcome).toMatchObject({ replayed: true, result: { version: 1 } });
    expect((await service.execute(record('t1'))).result.version).toBe(2);
  });
});
