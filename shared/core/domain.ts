import type { AggregateRegistry } from './aggregate';
import type { ProjectionRegistry } from './projection';

/** What the framework is given of an application: its aggregates and its projections. */
export interface Domain {
  aggregates: AggregateRegistry;
  projections: ProjectionRegistry;
}
