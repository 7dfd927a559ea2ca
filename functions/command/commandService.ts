import { randomUUID } from 'node:crypto';
import { CommandService } from '../../shared/application/commandService';
import { sampleDomain } from '../../shared/domain';
import type { CommandAdapters } from '../../shared/runtime/adapters';

/** Wires the command service to a set of adapters; shared by the Lambda handlers and the local runtime. */
export const createCommandService = (adapters: CommandAdapters): CommandService =>
  new CommandService({
    registry: sampleDomain.aggregates,
    eventStore: adapters.eventStore,
    ledger: adapters.ledger,
    snapshots: adapters.snapshots,
    queue: adapters.commandQueue,
  });

export const newCommandId = (): string => randomUUID();
