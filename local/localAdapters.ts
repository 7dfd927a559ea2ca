import type { ConnectionRegistry, Pusher } from '#ports/connectionRegistry';
import type { RuntimeRoster } from '#ports/runtimeRoster';
import { type CairnAdapters, lazyPorts, missingPort } from '#runtime/cairnAdapters';
import type { CommandAdapters, ProjectionAdapters } from '#runtime/embeddedAdapters';

/**
 * The composition root's ports from what the local runtime chose: the command side's adapters,
 * the event flow's (optional: without them the runtime runs the command side only), and the
 * sockets' registry and pusher.
 */
export const localCairnAdapters = (parts: {
  command: CommandAdapters;
  projection?: ProjectionAdapters;
  connections?: ConnectionRegistry;
  pusher?: Pusher;
  roster?: RuntimeRoster;
}): CairnAdapters => {
  const { command, projection } = parts;
  const none = (name: string) => missingPort(name, 'the runtime was started with the command side only');
  return lazyPorts<CairnAdapters>({
    eventStore: () => command.eventStore,
    streams: () => command.catalog,
    ledger: () => command.ledger,
    snapshots: () => command.snapshots,
    commandQueue: () => command.commandQueue,
    views: projection ? () => projection.views : none('read-model store'),
    projectionQueue: projection ? () => projection.projectionQueue : none('projection queue'),
    bus: projection ? () => projection.bus : none('event bus'),
    projectionDeadLetters: () => projection?.deadLetters,
    processQueue: () => projection?.processQueue,
    processes: () => projection?.processes,
    deadlines: () => projection?.deadlines,
    processDeadLetters: () => projection?.processDeadLetters,
    connections: parts.connections ? () => parts.connections as ConnectionRegistry : none('connection registry'),
    pusher: parts.pusher ? () => parts.pusher as Pusher : none('pusher'),
    roster: () => parts.roster,
  });
};
