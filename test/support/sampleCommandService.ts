import { CommandService } from '#application/commandService';
import { sampleDomain } from '#domain/index';
import type { CommandAdapters } from '#runtime/embeddedAdapters';

/** The command service of the sample domain over a set of adapters, as the composition root wires it. */
export const commandServiceOver = (adapters: CommandAdapters): CommandService =>
  new CommandService({
    registry: sampleDomain.aggregates,
    eventStore: adapters.eventStore,
    ledger: adapters.ledger,
    snapshots: adapters.snapshots,
    queue: adapters.commandQueue,
  });
