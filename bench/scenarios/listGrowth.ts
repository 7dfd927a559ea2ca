/**
 * The projection cost of one event as lists accumulate: the sample domain's projections of a todo
 * list's event (the list's view and its summary in the `todoLists` collection), applied by the
 * projection service to the embedded views, with 100, 1,000 and 10,000 lists already there. The
 * cost should not grow with the number of lists: each event rewrites only its own list's views.
 */
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { ProjectionService } from '#application/projectionService';
import { sampleDomain } from '#domain/index';
import { round } from '../stats';

const at = (key: string, version: number, type: string, data: unknown) => ({
  streamKey: `default#todoList#${key}`,
  context: 'default',
  aggregateType: 'todoList',
  aggregateId: key,
  version,
  type,
  data,
});

export const listGrowth = async (listCounts: readonly number[], events: number) => {
  const rows = [];
  for (const lists of listCounts) {
    const views = new EmbeddedReadModelStore();
    const service = new ProjectionService({
      projections: sampleDomain.projections,
      views,
      eventStore: new EmbeddedEventStore(),
      upcast: sampleDomain.upcast,
    });
    for (let i = 0; i < lists; i++) {
      await service.apply(
        at(`list-${i}`, 1, 'TodoListCreated', { title: `list ${i}`, createdAt: '2026-01-01T00:00:00.000Z' }),
      );
    }
    const versions = new Map<string, number>();
    const started = performance.now();
    for (let n = 0; n < events; n++) {
      // Spread over the lists, each event the next version of its list.
      const key = `list-${(n * 7919) % lists}`;
      const version = (versions.get(key) ?? 1) + 1;
      versions.set(key, version);
      await service.apply(at(key, version, 'TodoAdded', { todoId: `t${n}`, text: 'x' }));
    }
    const elapsedMs = performance.now() - started;
    rows.push({ lists, events, msPerEvent: round(elapsedMs / events, 3) });
  }
  return rows;
};
