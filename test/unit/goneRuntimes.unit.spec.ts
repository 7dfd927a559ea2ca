import { describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { EmbeddedRuntimeRoster } from '#adapters/embedded/embeddedRuntimeRoster';
import { GoneRuntimes } from '#application/goneRuntimes';
import { until } from '../support/until';

const setup = async () => {
  const registry = new EmbeddedConnectionRegistry();
  const roster = new EmbeddedRuntimeRoster();
  let now = 1_800_000_000_000;
  const gone = new GoneRuntimes({ roster, registry, now: () => now });
  const base = { context: 'c', principal: 'p', connectedAt: '', expiresAt: 4_000_000_000 };
  for (const [id, endpoint] of [
    ['a1', 'http://a'],
    ['a2', 'http://a'],
    ['b1', 'http://b'],
  ] as const) {
    await registry.connect({ ...base, connectionId: id, endpoint });
  }
  return { registry, roster, gone, advance: (ms: number) => (now += ms), at: () => now };
};

describe('pruning the connections of a runtime that is gone', () => {
  it('leaves a live runtime’s connections, and removes a gone one’s, and only those', async () => {
    const t = await setup();
    await t.roster.beat('http://a', t.at() + 10_000);
    await t.roster.beat('http://b', t.at() + 10_000);
    expect(await t.gone.prune('http://a')).toBe(0);
    t.advance(11_000);
    await t.roster.beat('http://b', t.at() + 10_000); // b renews, a does not
    expect(await t.gone.prune('http://a')).toBe(2);
    expect(await t.registry.get('a1')).toBeUndefined();
    expect(await t.registry.get('b1')).toBeDefined();
    expect(await t.gone.prune('http://b')).toBe(0);
  });

  it('checks a suspect once for a burst of failed pushes, and again later', async () => {
    const t = await setup();
    let reads = 0;
    const isAlive = t.roster.isAlive.bind(t.roster);
    t.roster.isAlive = async (...args) => {
      reads += 1;
      return isAlive(...args);
    };
    await t.roster.beat('http://a', t.at() + 60_000);
    for (let i = 0; i < 50; i++) t.gone.suspect('http://a');
    await until(() => reads === 1);
    t.advance(1_500);
    t.gone.suspect('http://a');
    await until(() => reads === 2);
    expect(await t.registry.get('a1')).toBeDefined();
  });
});
