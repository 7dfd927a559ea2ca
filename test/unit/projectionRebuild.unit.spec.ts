import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { CommandService } from '#application/commandService';
import { GENERATIONS_CACHE_MS } from '#application/projectionGenerations';
import { type RebuildProgress, rebuildProjection } from '#application/projectionRebuild';
import { parseStreamKey } from '#core/ids';
import { embeddedProjectionAdapters } from '#runtime/embeddedAdapters';
import { startEmbeddedPipeline } from '../../local/embeddedPipeline';
import { commandRunner } from '../support/commandFixtures';
import { viewAfter } from '../support/projectionSpec';
import { ledgerProjection, ledgersProjection, testDomain } from '../support/testDomain';

describe('projection rebuild', () => {
  it('builds a new generation while commands keep coming, then switches readers with nothing missed', async () => {
    const eventStore = new EmbeddedEventStore();
    const adapters = embeddedProjectionAdapters();
    const pipeline = startEmbeddedPipeline({
      domain: testDomain,
      store: eventStore,
      adapters,
      log: () => {},
    });
    const commands = new CommandService({ registry: testDomain.aggregates, eventStore, ledger: eventStore });
    const run = commandRunner(commands);
    for (let i = 0; i < 20; i++) await run('OpenLedger', `l${i}`, { title: `ledger ${i}` });
    let traffic = true;
    const live = (async () => {
      for (let i = 0; traffic; i++) {
        await run('Record', `l${i % 20}`, { entryId: `t${i}`, amount: 1 });
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();

    const seen: RebuildProgress[] = [];
    const result = await rebuildProjection(
      {
        projections: testDomain.projections,
        service: pipeline.service,
        generations: pipeline.generations,
        catalog: eventStore.catalog,
        settleMs: GENERATIONS_CACHE_MS + 200,
      },
      'default',
      'ledgers',
      (progress) => seen.push(progress),
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // live traffic after the switch, too
    traffic = false;
    await live;
    await pipeline.published();
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(result).toMatchObject({ state: 'live', generation: 2, streamsTotal: 20, streamsDone: 20 });
    expect(seen.map((progress) => progress.streamsDone)).toEqual([...Array(21).keys(), 20]);
    expect(await pipeline.generations.get('default', 'ledgers')).toEqual({ live: 'ledgers@2', generation: 2 });

    const history = eventStore
      .commitsAfter(0, 100_000)
      .flatMap((commit) =>
        commit.events.map((event) => ({ ...parseStreamKey(commit.streamKey), streamKey: commit.streamKey, ...event })),
      );
    const rebuilt = await adapters.views.get('default', 'ledgers@2', 'all');
    expect(rebuilt?.data).toEqual(viewAfter(ledgersProjection, 'all', history));
    expect(rebuilt?.version).toBe(history.length);
    // Other projections are untouched by the rebuild.
    expect((await adapters.views.get('default', 'ledger', 'l3'))?.data).toEqual(
      viewAfter(ledgerProjection, 'l3', history),
    );
    await pipeline.close();
  });

  it('refuses a second rebuild of the same projection while one is building', async () => {
    const eventStore = new EmbeddedEventStore();
    const adapters = embeddedProjectionAdapters();
    const pipeline = startEmbeddedPipeline({
      domain: testDomain,
      store: eventStore,
      adapters,
      log: () => {},
    });
    const deps = {
      projections: testDomain.projections,
      service: pipeline.service,
      generations: pipeline.generations,
      catalog: eventStore.catalog,
      settleMs: 50,
    };
    const first = rebuildProjection(deps, 'default', 'ledger');
    await expect(rebuildProjection(deps, 'default', 'ledger')).rejects.toMatchObject({ code: 'REBUILD_IN_PROGRESS' });
    expect(await first).toMatchObject({ state: 'live', generation: 2 });
    await pipeline.close();
  });
});
