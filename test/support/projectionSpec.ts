import type { ProjectedEvent, Projection } from '#core/projection';

let version = 0;

/** An event of `aggregateType`/`aggregateId` in context `default`, numbered in the order written. */
export const projected = (
  aggregateType: string,
  aggregateId: string,
  type: string,
  data: unknown,
  at?: number,
): ProjectedEvent => ({
  streamKey: `default#${aggregateType}#${aggregateId}`,
  context: 'default',
  aggregateType,
  aggregateId,
  type,
  version: at ?? ++version,
  data,
});

/** given(events) → the view of `key` that the projection folds them into. */
export const viewAfter = <View>(projection: Projection, key: string, events: ProjectedEvent[]): View =>
  events
    .filter((event) => projection.keyOf(event) === key)
    .reduce((view, event) => projection.evolve(view, event), projection.initialView(key)) as View;
