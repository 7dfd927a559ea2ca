import type { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { PROJECTION_MAX_RECEIVES } from '#application/limits';
import type { Domain } from '#core/domain';
import { type CairnAdapters, lazyPorts, missingPort } from '#runtime/cairnAdapters';
import { composeCairn } from '#runtime/composeCairn';
import type { ProjectionAdapters } from '#runtime/embeddedAdapters';
import { startEventFlow } from './eventFlow';

/**
 * The event flow alone over an embedded store, without the gateways: for tests and benchmarks
 * that write to the store themselves. Wired by the same composition root as the runtime.
 */
export const startEmbeddedPipeline = (options: {
  domain: Domain;
  store: EmbeddedEventStore;
  adapters: ProjectionAdapters;
  dataDir?: string;
  log: (error: unknown) => void;
}) => {
  const { store, adapters } = options;
  const cairn = composeCairn({
    domain: options.domain,
    adapters: lazyPorts<CairnAdapters>({
      eventStore: () => store,
      streams: () => store.catalog,
      ledger: () => store,
      snapshots: () => store.snapshotStore,
      commandQueue: missingPort('command queue', 'the event flow runs alone'),
      views: () => adapters.views,
      projectionQueue: () => adapters.projectionQueue,
      bus: () => adapters.bus,
      projectionDeadLetters: () => adapters.deadLetters,
      connections: missingPort('connection registry', 'the event flow runs alone'),
      pusher: missingPort('pusher', 'the event flow runs alone'),
    }),
    livePush: false,
    projectionDeadLetterAt: PROJECTION_MAX_RECEIVES,
    log: { error: (_message, error) => options.log(error), warn: (_message, error) => options.log(error) },
  });
  const flow = startEventFlow({
    cairn,
    changeFeed: { kind: 'embedded', store },
    projectionQueue: adapters.projectionQueue,
    dataDir: options.dataDir,
    log: options.log,
  });
  return { ...flow, service: cairn.projectionService(), generations: cairn.generations() };
};
