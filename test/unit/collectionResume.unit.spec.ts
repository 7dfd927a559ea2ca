import { describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { RESUME_MARGIN_MS, RESUME_MAX_MEMBERS } from '#application/collectionResume';
import { subscribeCollection } from '#application/liveCollections';
import { createProjectionRegistry, defineProjection } from '#core/projection';
import { ledgerAggregate } from '../support/testDomain';

/** A collection with a filter field, over the test domain's ledgers. */
const tagged = defineProjection({
  name: 'tagged',
  sources: [ledgerAggregate],
  versioning: 'aggregate',
  keyOf: (event) => event.aggregateId,
  initialView: () => ({ tag: 'a', title: '' }),
  evolve: (view) => view,
  index: { filters: ['tag'], sort: 'title' },
});

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const at = (msBeforeNow: number) => new Date(NOW - msBeforeNow).toISOString();

const setup = async (views: { key: string; updatedAt: string; tag?: string }[]) => {
  const store = new EmbeddedReadModelStore();
  const projections = createProjectionRegistry([tagged]);
  const projection = projections.require('tagged');
  for (const view of views) {
    await store.put(
      {
        context: 'c',
        projection: projection.name,
        key: view.key,
        version: 1,
        revision: 1,
        sources: {},
        data: {},
        updatedAt: view.updatedAt,
        index: { filters: [view.tag ?? 'a'], sort: view.key },
      },
      0,
    );
  }
  const deps = { registry: new EmbeddedConnectionRegistry(), views: store, projections };
  const connection = { connectionId: 'c1', context: 'c', principal: 'p', connectedAt: at(0), expiresAt: 0 };
  const subscribe = (request: { filter?: string; since?: string }) =>
    subscribeCollection(
      deps,
      connection,
      { projection: projection.name, ...request },
      {
        frameOf: (change) => ({ type: 'view' as const, ...change }),
        expiresAt: NOW / 1000 + 60,
        now: new Date(NOW),
      },
    );
  return { subscribe, projection };
};

describe('resuming a live collection', () => {
  it('sends what changed from the margin before `since` on, oldest first, and the position it holds from', async () => {
    const { subscribe } = await setup([
      { key: 'old', updatedAt: at(60_000) },
      { key: 'in-margin', updatedAt: at(10_000 + RESUME_MARGIN_MS - 1) },
      { key: 'after', updatedAt: at(2_000) },
      { key: 'just-before-margin', updatedAt: at(10_000 + RESUME_MARGIN_MS + 1) },
    ]);
    const answer = await subscribe({ since: at(10_000) });
    expect(answer.frames.map((frame) => frame.key)).toEqual(['in-margin', 'after']);
    expect(answer).toMatchObject({ more: false, position: at(0) });
    expect(answer.reset).toBeUndefined();
  });

  it('tells a filtered collection of a member that left it while it was away', async () => {
    const { subscribe } = await setup([
      { key: 'stays', updatedAt: at(1_000), tag: 'a' },
      { key: 'left', updatedAt: at(1_000), tag: 'b' },
    ]);
    const answer = await subscribe({ since: at(500), filter: 'tag:a' });
    expect(answer.frames).toEqual([
      expect.objectContaining({ type: 'memberRemoved', key: 'left', filter: 'tag:a', version: 1 }),
      expect.objectContaining({ type: 'view', key: 'stays' }),
    ]);
  });

  it('starts over from the first page, with reset, when more changed than a resume sends', async () => {
    const many = Array.from({ length: RESUME_MAX_MEMBERS + 1 }, (_, i) => ({
      key: `m${String(i).padStart(3, '0')}`,
      updatedAt: at(1_000),
    }));
    const { subscribe } = await setup(many);
    const answer = await subscribe({ since: at(500) });
    expect(answer).toMatchObject({ reset: true, more: true });
    expect(answer.frames.map((frame) => frame.key)).toEqual(many.slice(0, 50).map((view) => view.key));
  });
});
