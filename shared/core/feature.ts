import type { AnyAggregate } from './aggregate';
import type { ProcessManager } from './processManager';
import type { Projection } from './projection';

/**
 * One feature of an application: an aggregate and the projections that belong with it. A feature
 * is one folder with one registration: its `index.ts` exports the `defineFeature(...)`, and the
 * application lists its features once (`createDomain([...])`).
 */
export interface Feature<
  A extends AnyAggregate = AnyAggregate,
  P extends readonly Projection[] = readonly Projection[],
> {
  aggregate: A;
  /** Views of this feature; their sources may include other features' aggregates. */
  projections: P;
  /** Processes this feature runs (processManager.ts); their sources may be other features' too. */
  processes?: readonly ProcessManager[];
}

/**
 * Keeps the aggregate's and the projections' precise types: other features' projections can
 * source the aggregate, and a typed client knows its commands and views (clientTypes.ts).
 */
export const defineFeature = <A extends AnyAggregate, const P extends readonly Projection[]>(
  feature: Feature<A, P>,
): Feature<A, P> => feature;
