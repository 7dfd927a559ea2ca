import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { loadAggregate } from '#application/aggregateLoader';
import { CommandService } from '#application/commandService';
import { createRegistry, defineAggregate, erase } from '#core/aggregate';
import type { CommandMetadata } from '#core/decider';
import { CairnError, ContentionError, VersionConflictError } from '#core/errors';
import { streamKeyOf } from '#core/ids';
import * as z from '#core/zod';
import { followCommits, inMemoryService, interceptedStore, record, request } from '../support/commandFixtures';
import { ledgerAggregate, testDomain } from '../support/testDomain';

const stream = streamKeyOf('default', 'ledger', 'ledger-1');

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof CairnError ? error.code : `untyped: ${String(error)}`;
  }
};

describe('command service', () => {
  it('decides, appends and answers with the new version and the events', async () => {
    const { service, store } = inMemoryService();
    const outcome = await service.execute(request({ commandId: 'c1' }));
    expect(outcome.result).toEqual({
      commandId: 'c1',
      aggregateId: 'ledger-1',
      version: 1,
      events: [
        {
          type: 'LedgerOpened',
          version: 1,
          schemaVersion: 1,
          data: { title: 'Groceries', openedAt: '2026-11-22T10:00:00.000Z' },
        },
      ],
    });
    expect(await store.get('default', 'c1')).toBeUndefined();
    await followCommits(store); // the record follows from the change feed, off the command's path
    expect(await store.get('default', 'c1')).toMatchObject({ status: 'succeeded', result: outcome.result });
  });

  it('reads no ledger for a server-generated id, nor for a retry whose commit is in the stream', async () => {
    const store = new EmbeddedEventStore();
    let ledgerReads = 0;
    const ledger = {
      get: (context: string, commandId: string) => {
        ledgerReads += 1;
        return store.get(context, commandId);
      },
      accept: store.accept.bind(store),
      succeed: store.succeed.bind(store),
      fail: store.fail.bind(store),
    };
    const { service } = inMemoryService({ eventStore: store, ledger, snapshots: store.snapshotStore });
    await service.execute(request({ commandId: 'fresh' }), { freshId: true });
    expect(ledgerReads).toBe(0);
    const replayed = await service.execute(request({ commandId: 'fresh' }));
    expect(replayed).toMatchObject({ replayed: true, result: { version: 1 } });
    const cold = new CommandService({ registry: testDomain.aggregates, eventStore: store, ledger });
    expect(await cold.execute(request({ commandId: 'fresh' }))).toMatchObject({ replayed: true });
    expect(ledgerReads).toBe(0);
  });

  it('rejects an unknown command type, a bad payload and a domain rule, storing nothing', async () => {
    const { service, store } = inMemoryService();
    expect(await codeOf(service.execute(request({ type: 'Nope' })))).toBe('UNKNOWN_COMMAND');
    expect(await codeOf(service.execute(request({ payload: { title: '' } })))).toBe('VALIDATION_FAILED');
    expect(await codeOf(service.execute(record('t1')))).toBe('NOT_FOUND');
    expect(store.streamKeys()).toEqual([]);
  });

  it('reloads and retries when another writer got there first', async () => {
    const { store } = inMemoryService();
    let raced = false;
    const racing = interceptedStore(store, async (appendRequest) => {
      if (raced || appendRequest.expectedVersion !== 1) return;
      raced = true; // another instance commits between our load and our append
      await service.execute(record('theirs'));
    });
    const service = new CommandService({
      registry: testDomain.aggregates,
      eventStore: store,
      ledger: store,
      sleep: async () => {},
    });
    const ours = new CommandService({
      registry: testDomain.aggregates,
      eventStore: racing,
      ledger: store,
      sleep: async () => {},
    });
    await service.execute(request());
    const outcome = await ours.execute(record('mine'));
    expect(outcome.attempts).toBe(2);
    expect(outcome.result.version).toBe(3);
    const { events } = await store.read(stream);
    expect(events.map((event) => [event.version, (event.data as { entryId?: string }).entryId])).toEqual([
      [1, undefined],
      [2, 'theirs'],
      [3, 'mine'],
    ]);
  });

  it('catches up on a retry: reads only the commits after the version it had, and no snapshot for a short stream', async () => {
    const { store } = inMemoryService();
    const reads: number[] = [];
    let snapshotReads = 0;
    let raced = false;
    const racing = interceptedStore(store, async (appendRequest) => {
      if (raced || appendRequest.expectedVersion !== 1) return;
      raced = true;
      await service.execute(record('theirs'));
    });
    const counted = {
      ...racing,
      readCommits: (key: string, range: { afterVersion: number; beforeVersion?: number }) => {
        reads.push(range.afterVersion);
        return racing.readCommits(key, range);
      },
    };
    const snapshots = {
      get: (key: string) => {
        snapshotReads += 1;
        return store.snapshotStore.get(key);
      },
      put: store.snapshotStore.put.bind(store.snapshotStore),
    };
    const service = new CommandService({ registry: testDomain.aggregates, eventStore: store, ledger: store });
    const ours = new CommandService({
      registry: testDomain.aggregates,
      eventStore: counted,
      ledger: store,
      snapshots,
      sleep: async () => {},
    });
    await service.execute(request());
    const outcome = await ours.execute(record('mine'));
    expect(outcome).toMatchObject({ attempts: 2, result: { version: 3 } });
    expect(snapshotReads).toBe(0);
    expect(reads).toEqual([1]);
  });

  it('answers VERSION_CONFLICT with the current version when If-Match is stale, appending nothing', async () => {
    const { service, store } = inMemoryService();
    await service.execute(request());
    await service.execute(record('t1'));
    const error = await service.execute(record('t2', { expectedVersion: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).toJSON()).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    expect(await store.currentVersion(stream)).toBe(2);
    expect((await service.execute(record('t2', { expectedVersion: 2 }))).result.version).toBe(3);
  });

  it('answers VERSION_CONFLICT instead of retrying when If-Match loses a race', async () => {
    const { service, store } = inMemoryService();
    await service.execute(request());
    const racing = interceptedStore(store, async (_, attempt) => {
      if (attempt === 1) await service.execute(record('theirs'));
    });
    const ours = new CommandService({ registry: testDomain.aggregates, eventStore: racing, ledger: store });
    const error = await ours.execute(record('mine', { expectedVersion: 1 })).catch((e: unknown) => e);
    expect((error as VersionConflictError).toJSON()).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    expect(await store.currentVersion(stream)).toBe(2);
  });

  it('gives up after a bounded number of jittered attempts', async () => {
    const { store } = inMemoryService();
    const delays: number[] = [];
    const setup = new CommandService({ registry: testDomain.aggregates, eventStore: store, ledger: store });
    await setup.execute(request());
    let n = 0;
    const alwaysLosing = interceptedStore(store, async () => {
      await setup.execute(record(`other-${n++}`));
    });
    const service = new CommandService({
      registry: testDomain.aggregates,
      eventStore: alwaysLosing,
      ledger: store,
      retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 40 },
      random: () => 0.999,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const error = await service.execute(record('mine')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentionError);
    expect(alwaysLosing.appends).toBe(5);
    // No pause after the last attempt: it gives up at once.
    expect(delays).toEqual([19, 39, 39, 39]);
  });

  it('returns the first result for a repeated command id and appends nothing', async () => {
    const { service, store } = inMemoryService();
    await service.execute(request());
    const first = await service.execute(record('t1', { commandId: 'key-1' }));
    const again = await service.execute(record('t1', { commandId: 'key-1' }));
    expect(again).toEqual({ result: first.result, replayed: true, attempts: 0 });
    expect(await store.currentVersion(stream)).toBe(2);
  });

  it('refuses a command id reused for a different command', async () => {
    const { service } = inMemoryService();
    await service.execute(request({ commandId: 'key-1' }));
    expect(await codeOf(service.execute(request({ commandId: 'key-1', payload: { title: 'Other' } })))).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('recognises its own commit after an ambiguous write (applied, response lost)', async () => {
    const { store } = inMemoryService();
    const lossy = interceptedStore(
      store,
      () => {},
      (_, attempt) => {
        if (attempt === 2) throw new Error('socket hang up after the write was applied');
      },
    );
    const service = new CommandService({ registry: testDomain.aggregates, eventStore: lossy, ledger: store });
    await service.execute(request());
    const outcome = await service.execute(record('t1', { commandId: 'ambiguous' }));
    expect(outcome).toMatchObject({ replayed: true, result: { version: 2 } });
    const retried = await service.execute(record('t1', { commandId: 'ambiguous' }));
    expect(retried.result).toEqual(outcome.result);
    expect(await store.currentVersion(stream)).toBe(2);
  });

  it('rethrows a failed write that did not land', async () => {
    const { store } = inMemoryService();
    const broken = interceptedStore(store, () => {
      throw new Error('ProvisionedThroughputExceeded');
    });
    const service = new CommandService({ registry: testDomain.aggregates, eventStore: broken, ledger: store });
    await expect(service.execute(request())).rejects.toThrow('ProvisionedThroughputExceeded');
    expect(await store.currentVersion(stream)).toBe(0);
  });

  it('snapshots every 100 events so that a load reads few events, and ignores snapshots of an old schema', async () => {
    const { service, store } = inMemoryService();
    await service.execute(request());
    // The change feed follows each commit, as the runtimes' relay does: snapshots at 100 and 200.
    let followed = await followCommits(store);
    for (let i = 0; i < 249; i++) {
      await service.execute(record(`t${i}`));
      followed = await followCommits(store, followed);
    }
    const loaded = await loadAggregate(erase(ledgerAggregate), stream, store, store.snapshotStore);
    expect(loaded).toMatchObject({ version: 250, fromSnapshot: true, eventsRead: 50 });
    expect(Object.keys((loaded.state as { entries: object }).entries)).toHaveLength(249);
    const newSchema = { ...erase(ledgerAggregate), snapshotSchemaVersion: 2 };
    const rebuilt = await loadAggregate(newSchema, stream, store, store.snapshotStore);
    expect(rebuilt).toMatchObject({ version: 250, fromSnapshot: false, eventsRead: 250 });
    expect(rebuilt.state).toEqual(loaded.state);
  });

  it('refuses a commit too large for one DynamoDB item', async () => {
    const big = defineAggregate({
      type: 'blob',
      commands: { Write: z.object({ size: z.number() }) },
      decider: {
        initialState: () => ({}),
        decide: (command: {
          type: 'Write';
          aggregateId: string;
          payload: { size: number };
          metadata: CommandMetadata;
        }) => [{ type: 'Written', data: 'x'.repeat(command.payload.size) }],
        evolve: (state: object) => state,
      },
      snapshotEvery: 100,
      snapshotSchemaVersion: 1,
    });
    const store = new EmbeddedEventStore();
    const service = new CommandService({ registry: createRegistry([big]), eventStore: store, ledger: store });
    const ok = await service.execute(request({ type: 'Write', aggregateId: 'b', payload: { size: 1000 } }));
    expect(ok.result.version).toBe(1);
    expect(
      await codeOf(service.execute(request({ type: 'Write', aggregateId: 'b', payload: { size: 400_000 } }))),
    ).toBe('PAYLOAD_TOO_LARGE');
    expect(await store.currentVersion(streamKeyOf('default', 'blob', 'b'))).toBe(1);
  });

  it('enqueues an async command once per command id, in its aggregate group', async () => {
    const { service, queue, store } = inMemoryService();
    const first = await service.enqueue(request({ commandId: 'async-1' }));
    const second = await service.enqueue(request({ commandId: 'async-1' }));
    expect([first.status, second.status]).toEqual(['accepted', 'accepted']);
    const messages = await queue.receive({ max: 10, waitMs: 0 });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.groupId).toBe(stream);
    expect(await store.get('default', 'async-1')).toMatchObject({ status: 'accepted' });
    expect(await codeOf(service.enqueue(request({ commandId: 'async-1', payload: { title: 'x' } })))).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await codeOf(service.enqueue(request({ payload: {} })))).toBe('VALIDATION_FAILED');
  });
});
