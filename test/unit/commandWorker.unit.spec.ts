import { describe, expect, it } from 'vitest';
import { CommandService } from '#application/commandService';
import { createCommandWorker } from '#handlers/commandWorker';
import { inMemoryService, interceptedStore, record, request } from '../support/commandFixtures';
import { sqsEvent } from '../support/sqsEvents';
import { testDomain } from '../support/testDomain';

describe('command worker (SQS FIFO batch)', () => {
  it('runs queued commands in order and records their status', async () => {
    const { service, store } = inMemoryService();
    const worker = createCommandWorker(service);
    const response = await worker(
      sqsEvent([
        { id: 'm1', group: 'g', body: request({ commandId: 'c1' }) },
        { id: 'm2', group: 'g', body: record('t1', { commandId: 'c2' }) },
      ]),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(await store.get('default', 'c2')).toMatchObject({ status: 'succeeded', result: { version: 2 } });
  });

  it('records a refused command as failed and consumes it (retrying cannot help)', async () => {
    const { service, store } = inMemoryService();
    const response = await createCommandWorker(service)(
      sqsEvent([{ id: 'm1', group: 'g', body: record('t1', { commandId: 'c1' }) }]),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(await store.get('default', 'c1')).toMatchObject({
      status: 'failed',
      error: { status: 422, code: 'NOT_FOUND' },
    });
  });

  it('fails a message on an infrastructure error, and the rest of its group, while other groups go on', async () => {
    const { store } = inMemoryService();
    const flaky = interceptedStore(store, (appendRequest) => {
      if (appendRequest.streamKey.endsWith('#broken')) throw new Error('DynamoDB unavailable');
    });
    const service = new CommandService({
      registry: testDomain.aggregates,
      eventStore: flaky,
      ledger: store,
      snapshots: store.snapshotStore,
    });
    const response = await createCommandWorker(service)(
      sqsEvent([
        { id: 'b1', group: 'default#ledger#broken', body: request({ aggregateId: 'broken' }) },
        { id: 'h1', group: 'default#ledger#healthy', body: request({ aggregateId: 'healthy' }) },
        { id: 'b2', group: 'default#ledger#broken', body: record('t', { aggregateId: 'broken' }) },
        { id: 'h2', group: 'default#ledger#healthy', body: record('t', { aggregateId: 'healthy' }) },
      ]),
    );
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['b1', 'b2']);
    expect(await store.currentVersion('default#ledger#healthy')).toBe(2);
    expect(await store.currentVersion('default#ledger#broken')).toBe(0);
  });

  it('fails an unreadable message so that it ends in the dead-letter queue', async () => {
    const { service } = inMemoryService();
    const response = await createCommandWorker(service)(sqsEvent([{ id: 'x', group: 'g', body: '{not json' }]));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'x' }]);
  });

  it('runs a redelivered command once', async () => {
    const { service, store } = inMemoryService();
    const worker = createCommandWorker(service);
    const message = { id: 'm1', group: 'g', body: request({ commandId: 'dup' }) };
    await worker(sqsEvent([message]));
    await worker(sqsEvent([message]));
    expect(await store.currentVersion('default#ledger#ledger-1')).toBe(1);
  });
});
