/**
 * A projection is a pure fold from events to views, like a decider without `decide`: no I/O, no
 * clock. The projection worker feeds it events in order per aggregate; the read-model store keeps
 * the result and, per source stream, the last version folded in.
 */

import type { AnyAggregate, EventOf } from './aggregate';
import type { DomainEvent } from './decider';
import { UnknownProjectionError } from './errors';
import { type IndexFields, MAX_FILTER_FIELDS, type ViewIndexSpec } from './viewIndex';
import type * as z from './zod';

/** Where a projected event came from and its position in its stream. */
export interface EventPosition {
  /** `context#aggregateType#aggregateId`. */
  streamKey: string;
  context: string;
  aggregateType: string;
  aggregateId: string;
  version: number;
}

/**
 * An event as projections see it: its type and data, where it came from, its position. Distributes
 * over a union of events, so that `switch (event.type)` narrows `event.data`.
 */
export type ProjectedEvent<E extends DomainEvent = DomainEvent> = E extends DomainEvent ? E & EventPosition : never;

/** The erased form the framework works with: any view, any event of its sources. */
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
  /** The fields a collection of its views can be filtered and ordered by (viewIndex.ts). */
  index?: IndexFields;
  /**
   * The schema of the view's `data`: what the query API documents (`/openapi.json`) and what the
   * projection's tests check `evolve` against. Optional so that a projection can be written first
   * and described after; the sample domain's test requires it of every sample projection.
   */
  view?: z.ZodMiniType<View>;
}

/** A projection as written: its sources are aggregate definitions, its events theirs. */
export interface ProjectionDefinition<S extends readonly AnyAggregate[], View, Name extends string = string> {
  name: Name;
  /** The aggregate definitions (values, not names) whose events this projection folds. */
  sources: S;
  versioning: Projection['versioning'];
  keyOf: (event: ProjectedEvent<EventOf<S[number]>>) => string | undefined;
  initialView: (key: string) => View;
  evolve: (view: View, event: ProjectedEvent<EventOf<S[number]>>) => View;
  /** Fields of the view a collection can be filtered by (at most three) and ordered by. */
  index?: ViewIndexSpec<View>;
  view?: z.ZodMiniType<View>;
}

/**
 * Types `keyOf` and `evolve` against the union of the sources' events, then erases the view and
 * event types so that projections of different views share one registry. The erasure is sound
 * because the framework only feeds a projection events of its `sources` (see `forAggregateType`).
 */
/**
 * A projection that still carries its name and view type, for typed clients (`ViewsOf` in
 * clientTypes.ts); the framework reads it as the erased `Projection`. `viewType` is never set.
 */
export type NamedProjection<Name extends string, View> = Projection & { readonly name: Name; readonly viewType?: View };

export const defineProjection = <const S extends readonly AnyAggregate[], View, const Name extends string>(
  definition: ProjectionDefinition<S, View, Name>,
): NamedProjection<Name, View> => {
  const { sources, keyOf, initialView, evolve, index, view } = definition;
  if ((index?.filters?.length ?? 0) > MAX_FILTER_FIELDS) {
    throw new Error(`Projection '${definition.name}' declares more than ${MAX_FILTER_FIELDS} filter fields`);
  }
  const typed = (event: ProjectedEvent) => event as ProjectedEvent<EventOf<S[number]>>;
  const projection: Projection = {
    name: definition.name,
    sources: sources.map((source) => source.type),
    versioning: definition.versioning,
    keyOf: (event) => keyOf(typed(event)),
    initialView,
    evolve: (current, event) => evolve(current as View, typed(event)),
    ...(index && { index: index as IndexFields }),
    ...(view && { view }),
  };
  return projection as NamedProjection<Name, View>;
};

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
