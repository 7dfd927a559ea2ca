/**
 * Projection throughput and rebuild rate, on the event flow alone: events are appended straight
 * to the event store (no commands), then timed until every view has folded them in; a rebuild
 * folds a whole store into a fresh generation.
 */

import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { ProjectionGenerations } from '#application/projectionGenerations';
import { rebuildProjection } from '#application/projectionRebuild';
import { ProjectionService } from '#application/projectionService';
import { sampleDomain } from '#domain/index';
import type { EventStore } from '#ports/eventStore';
import type { ReadModelStore } from '#ports/readModelStore';
import { embeddedProjectionAdapters } from '#runtime/embeddedAdapters';
import { startEmbeddedPipeline } from '../../local/embeddedPipeline';
import { runLoad } from '../load';
import { round } from '../stats';

/** `perStream` events on each of `streams` todo lists, one event per commit, streams in parallel. */
export const appendHistory = async (store: EventStore, tag: string, streams: number, perStream: number) => {
  await runLoad(streams, 16, async (s) => {
    const streamKey = `default#todoList#${tag}-${s}`;
    for (let v = 1; v <= perStream; v++) {
      const event =
        v === 1
          ? { type: 'TodoListCreated', data: { title: 'list', createdAt: '2026-01-01T00:00:00.000Z' } }
          : { type: 'TodoListRenamed', data: { title: `title ${v}` } };
      await store.append({
        streamKey,
        expectedVersion: v - 1,
        events: [event],
        commandId: `${streamKey}-${v}`,
        fingerprint: `${streamKey}-${v}`,
        committedAt: '2026-01-01T00:00:00.000Z',
      });
    }
  });
};

const caughtUp = async (views: ReadModelStore, tag: string, streams: number, perStream: number) => {
  for (let s = 0; s < streams; s++) {
    for (;;) {
      const view = await views.get('default', 'todoList', `${tag}-${s}`);
      if ((view?.version ?? 0) >= perStream) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
};

/** Events per second through relay → projection queue → worker → views (all projections), embedded. */
export const projectionThroughput = async (streams: number, totalEvents: number) => {
  const eventStore = new EmbeddedEventStore();
  const adapters = embeddedProjectionAdapters();
  // With the commit followers (command records, snapshots), as the runtime runs it.
  const pipeline = startEmbeddedPipeline({
    domain: sampleDomain,
    store: eventStore,
    adapters,
    log: () => {},
  });
  const perStream = Math.ceil(totalEvents / streams);
  const started = performance.now();
  await appendHistory(eventStore, 'tp', streams, perStream);
  await caughtUp(adapters.views, 'tp', streams, perStream);
  const elapsedMs = performance.now() - started;
  await pipeline.close();
  return {
    aggregates: streams,
    events: streams * perStream,
    eventsPerSecond: round((streams * perStream * 1000) / elapsedMs, 0),
  };
};

/** Rebuild rate of the todoList projection over a store of `totalEvents` (embedded, in memory). */
export const rebuildRate = async (streams: number, totalEvents: number) => {
  const eventStore = new EmbeddedEventStore();
  const perStream = Math.ceil(totalEvents / streams);
  await appendHistory(eventStore, 'rb', streams, perStream);
  // No live pipeline: the rebuild alone, reading the store and writing the new generation.
  const views = new EmbeddedReadModelStore();
  const service = new ProjectionService({
    projections: sampleDomain.projections,
    views,
    eventStore,
    upcast: sampleDomain.upcast,
  });
  let buildingFrom = 0;
  const result = await rebuildProjection(
    {
      projections: sampleDomain.projections,
      service,
      generations: new ProjectionGenerations(views),
      catalog: eventStore.catalog,
      settleMs: 0,
    },
    'default',
    'todoList',
    (progress) => {
      if (progress.state === 'building' && buildingFrom === 0) buildingFrom = performance.now();
    },
  );
  const elapsedMs = performance.now() - buildingFrom;
  return { streams, events: result.events, eventsPerSecond: round((result.events * 1000) / elapsedMs, 0) };
};
