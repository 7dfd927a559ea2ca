import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { CommandService } from '#application/commandService';
import { KeyedLanes } from '#application/keyedLanes';
import { record, request } from '../support/commandFixtures';
import { testDomain } from '../support/testDomain';

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

describe('keyed lanes', () => {
  it('runs one key in order, other keys alongside, and keeps no entry once idle, failures included', async () => {
    const lanes = new KeyedLanes();
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await tick(ms);
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      lanes.run('a', task('a1', 20, true)),
      lanes.run('a', task('a2', 1)),
      lanes.run('b', task('b1', 1)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('end a1'));
    expect(lanes.size).toBe(0);
  });

  it('lets writers on one aggregate in one instance take turns: one attempt each, no lost update', async () => {
    const store = new EmbeddedEventStore();
    let appends = 0;
    const counted = {
      ...store,
      read: store.read.bind(store),
      readCommits: store.readCommits.bind(store),
      readTail: store.readTail.bind(store),
      currentVersion: store.currentVersion.bind(store),
      append: async (r: Parameters<typeof store.append>[0]) => {
        appends += 1;
        await tick();
        return store.append(r);
      },
    };
    const service = new CommandService({ registry: testDomain.aggregates, eventStore: counted, ledger: store });
    await service.execute(request());
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => service.execute(record(`t${i}`))));
    expect(outcomes.map((outcome) => outcome.attempts)).toEqual(Array(20).fill(1));
    expect(appends).toBe(21);
    expect(await store.currentVersion('default#ledger#ledger-1')).toBe(21);
  });
});
