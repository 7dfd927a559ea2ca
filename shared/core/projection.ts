/**
 * A projection is a pure fold from events to views, like a decider without `decide`: no I/O, no
 * clock. The projection worker feeds it events in order per aggregate; the read-model store keeps
 * the result and, per source stream, the last version folded in.
 */

import { UnknownProjectionError } from './errors';

/** An event as projections see it: where it came from, its position, its data. */
export interface ProjectedEvent {
  /** `context#aggregateType#aggregateId`. */
  streamKey: string;
  context: string;
  aggregateType: string;
  aggregateId: string;
  type: string;
  version: number;
  data: unknown;
}

export interface Projection<View = unknown> {
  /** Used in URLs (`/views/{name}/{key}`) and subscriptions. */
  name: string;
  /** Aggregate types whose events this projection folds. */
  sources: readonly string[];
  /**
   * What the view's `version` means. 'aggregate': the version of its one source aggregate (a
   * command's answer can be waited for with `minVersion`). 'total': for views fed by many
   * aggregates, the sum over its source streams of the last version folded in; it only grows, and
   * a rebuilt generation has the same one, however its writes were batched.
   */
  versioning: 'aggregate' | 'total';
  /** The key of the view an event changes, or undefined if it changes none. */
  keyOf: (event: ProjectedEvent) => string | undefined;
  initialView: (key: string) => View;
  evolve: (view: View, event: ProjectedEvent) => View;
}

/** Erases the view type so that projections of different views share one registry. */
export const defineProjection = <View>(projection: Projection<View>): Projection => projection as unknown as Projection;

export interface ProjectionRegistry {
  byName(name: string): Projection | undefined;
  /** The projection, or UNKNOWN_PROJECTION (404) naming the known ones. */
  require(name: string): Projection;
  forAggregateType(aggregateType: string): readonly Projection[];
  names(): string[];
}

export const createProjectionRegistry = (projections: readonly Projection[]): ProjectionRegistry => {
  const byName = new Map<string, Projection>();
  for (const projection of projections) {
    if (byName.has(projection.name)) throw new Error(`Projection '${projection.name}' registered twice`);
    byName.set(projection.name, projection);
  }
  return {
    byName: (name) => byName.get(name),
    require: (name) => {
      const projection = byName.get(name);
      if (!projection) throw new UnknownProjectionError(name, [...byName.keys()]);
      return projection;
    },
    forAggregateType: (type) => projections.filter((projection) => projection.sources.includes(type)),
    names: () => [...byName.keys()],
  };
};
