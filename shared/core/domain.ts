import { type AggregateRegistry, createRegistry } from './aggregate';
import type { Feature } from './feature';
import { createProcessRegistry, type ProcessRegistry } from './processManager';
import { createProjectionRegistry, type ProjectionRegistry } from './projection';
import type { Upcast } from './upcasting';

/** What the framework is given of an application: its aggregates, projections and processes. */
export interface Domain {
  aggregates: AggregateRegistry;
  projections: ProjectionRegistry;
  /** Absent in a domain built by hand (tests): no processes. */
  processes?: ProcessRegistry;
  /**
   * An event in its type's newest shape, as its aggregate declares (`aggregates.upcast`): what
   * readers without the aggregate registry (projections, processes) are handed.
   */
  upcast: Upcast;
}

/**
 * The domain of a list of features. Throws at start, not at the first event, if two aggregates,
 * commands, projections or processes share a name, a projection or process follows an aggregate
 * no feature registers (its events would never arrive), or an event type's upcasters miss a step
 * (upcasting.ts).
 */
export const createDomain = (features: readonly Feature[]): Domain => {
  const aggregates = createRegistry(features.map((feature) => feature.aggregate));
  const all = features.flatMap((feature) => feature.projections);
  const projections = createProjectionRegistry(all);
  for (const projection of all) {
    const unknown = projection.sources.filter((source) => !aggregates.byType(source));
    if (unknown.length > 0) {
      throw new Error(`Projection '${projection.name}' folds unregistered aggregate(s): ${unknown.join(', ')}`);
    }
  }
  const managers = features.flatMap((feature) => feature.processes ?? []);
  const processes = createProcessRegistry(managers);
  for (const manager of managers) {
    const unknown = manager.sources.filter((source) => !aggregates.byType(source));
    if (unknown.length > 0) {
      throw new Error(`Process manager '${manager.name}' follows unregistered aggregate(s): ${unknown.join(', ')}`);
    }
  }
  return { aggregates, projections, processes, upcast: aggregates.upcast };
};
