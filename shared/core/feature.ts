import type { AnyAggregate } from './aggregate';
import type { Projection } from './projection';

/**
 * One feature of an application: an aggregate and the projections that belong with it. A feature
 * is one folder with one registration: its `index.ts` exports the `defineFeature(...)`, and the
 * application lists its features once (`createDomain([...])`).
 */
export interface Feature<A extends AnyAggregate = AnyAggregate> {
  aggregate: A;
  /** Views of this feature; their sources may include other features' aggregates. */
  projections: readonly Projection[];
}

/** Keeps the aggregate's precise type, so that other features' projections can source it. */
export const defineFeature = <A extends AnyAggregate>(feature: Feature<A>): Feature<A> => feature;
