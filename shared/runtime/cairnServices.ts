import { CommandService } from '#application/commandService';
import { CommitFollowers } from '#application/commitFollowers';
import { EventPublisher } from '#application/eventPublisher';
import { EventTail } from '#application/eventTail';
import { GoneRuntimes } from '#application/goneRuntimes';
import { LiveViews } from '#application/liveViews';
import { ProcessService } from '#application/processService';
import { ProjectionGenerations } from '#application/projectionGenerations';
import { ProjectionService } from '#application/projectionService';
import { createProcessRegistry } from '#core/processManager';
import type { CairnConfig } from './cairnConfig';
import { once } from './once';

/**
 * The application services behind the handlers, each built once on first use from the
 * composition root's domain and adapters: the handlers share them (the command API and the
 * WebSocket API one command service, the projection worker and the query API one generations cache).
 */
export const cairnServices = (config: Pick<CairnConfig, 'domain' | 'adapters' | 'contexts' | 'log'>) => {
  const { domain, adapters, contexts, log } = config;
  const commandService = once(
    () =>
      new CommandService({
        registry: domain.aggregates,
        eventStore: adapters.eventStore,
        ledger: adapters.ledger,
        snapshots: adapters.snapshots,
        queue: adapters.commandQueue,
      }),
  );
  const generations = once(() => new ProjectionGenerations(adapters.views));
  const readTarget = (context: string, projection: string) => generations().readTarget(context, projection);
  const projectionService = once(
    () =>
      new ProjectionService({
        projections: domain.projections,
        views: adapters.views,
        eventStore: adapters.eventStore,
        upcast: domain.upcast,
        targets: (context, projection) => generations().writeTargets(context, projection.name),
      }),
  );
  const goneRuntimes = once(() => {
    const roster = adapters.roster;
    return (
      roster &&
      new GoneRuntimes({ roster, registry: adapters.connections, log: (error) => log.warn('prune failed', error) })
    );
  });
  const liveViews = once(
    () =>
      new LiveViews({
        registry: adapters.connections,
        pusher: adapters.pusher,
        views: adapters.views,
        projections: domain.projections,
        readTarget,
        // A push to a socket of a retired context closes it instead.
        contexts,
        ...(goneRuntimes() && { onUnreachable: (endpoint: string) => goneRuntimes()?.suspect(endpoint) }),
        log: (error) => log.warn('push failed', error),
      }),
  );
  const eventTail = once(
    () =>
      new EventTail({
        registry: adapters.connections,
        pusher: adapters.pusher,
        log: (error) => log.warn('tail push failed', error),
      }),
  );
  const processRegistry = domain.processes && domain.processes.all().length > 0 ? domain.processes : undefined;
  const publisher = once(() => {
    const processQueue = processRegistry && adapters.processQueue;
    return new EventPublisher({
      queue: adapters.projectionQueue,
      bus: adapters.bus,
      ...(processRegistry &&
        processQueue && { processes: { registry: processRegistry, queue: processQueue, upcast: domain.upcast } }),
    });
  });
  const processService = once(() => {
    const { processes, deadlines, processQueue } = adapters;
    if (!processes || !deadlines || !processQueue)
      throw new Error('No process store, scheduler or queue in this process');
    return new ProcessService({
      processes: domain.processes ?? createProcessRegistry([]),
      store: processes,
      eventStore: adapters.eventStore,
      upcast: domain.upcast,
      commands: commandService(),
      deadlines,
      processQueue,
    });
  });
  const followers = once(
    () =>
      new CommitFollowers({
        registry: domain.aggregates,
        eventStore: adapters.eventStore,
        ledger: adapters.ledger,
        snapshots: adapters.snapshots,
        onSnapshotError: (error) => log.warn('snapshot write failed', error),
      }),
  );
  return {
    commandService,
    generations,
    readTarget,
    projectionService,
    liveViews,
    eventTail,
    publisher,
    followers,
    processService,
  };
};
