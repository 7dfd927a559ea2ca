import type { ProjectionGenerations } from '#application/projectionGenerations';
import { createOperationsAdminApi } from '#handlers/operationsAdminApi';
import type { CairnConfig } from './cairnConfig';

/**
 * The operator's routes (operationsAdminApi.ts) on the composition root's ports: positions from the
 * stream catalog and the read models, each worker's dead-letter queue with the queue it redrives
 * to, the process store. A port this process lacks makes its routes answer UNAVAILABLE_HERE.
 */
export const operationsAdminOf = (config: CairnConfig, generations: ProjectionGenerations, now: () => Date) => {
  const { adapters, domain } = config;
  return createOperationsAdminApi({
    // Read when a route needs it: a function that was given no events table fails on that route only.
    status: () => {
      const { streams } = adapters;
      return (
        streams && {
          projections: domain.projections,
          generations,
          views: adapters.views,
          eventStore: adapters.eventStore,
          catalog: streams,
          upcast: domain.upcast,
        }
      );
    },
    processes: domain.processes,
    processStore: () => adapters.processes,
    deadLetters: {
      projections: () => {
        const deadLetters = adapters.projectionDeadLetters;
        return deadLetters && { deadLetters, target: adapters.projectionQueue };
      },
      processes: () => {
        const { processDeadLetters: deadLetters, processQueue: target } = adapters;
        return deadLetters && target && { deadLetters, target };
      },
    },
    contexts: config.contexts,
    authenticate: config.authenticate,
    now,
  });
};
