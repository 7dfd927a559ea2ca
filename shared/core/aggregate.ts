import type { Command, Decider, DomainEvent } from './decider';
import type * as z from './zod';

/**
 * Everything the command pipeline needs to know about one aggregate type. Adding an aggregate is
 * adding a folder that exports one of these and listing it in `shared/domain/registry.ts`.
 */
export interface AggregateDefinition<State = unknown> {
  /** Used in stream keys and URLs: `/aggregates/{type}/{id}/events`. */
  type: string;
  /** Payload schema per command type. */
  commands: Record<string, z.ZodMiniType>;
  decider: Decider<State, Command, DomainEvent>;
  /** Write a snapshot when a commit crosses a multiple of this many events. */
  snapshotEvery: number;
  /** Bump when State's shape changes: older snapshots are then ignored and rebuilt from events. */
  snapshotSchemaVersion: number;
}

/** Erases the precise command/event types so that definitions can share one registry. */
export const defineAggregate = <State, C extends Command, E extends DomainEvent>(definition: {
  type: string;
  commands: Record<C['type'], z.ZodMiniType>;
  decider: Decider<State, C, E>;
  snapshotEvery: number;
  snapshotSchemaVersion: number;
}): AggregateDefinition => definition as unknown as AggregateDefinition;

export interface AggregateRegistry {
  byCommandType(type: string): AggregateDefinition | undefined;
  byType(type: string): AggregateDefinition | undefined;
  commandTypes(): string[];
}

export const createRegistry = (definitions: readonly AggregateDefinition[]): AggregateRegistry => {
  const byCommand = new Map<string, AggregateDefinition>();
  const byType = new Map<string, AggregateDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new Error(`Aggregate '${definition.type}' registered twice`);
    byType.set(definition.type, definition);
    for (const commandType of Object.keys(definition.commands)) {
      if (byCommand.has(commandType)) throw new Error(`Command '${commandType}' registered twice`);
      byCommand.set(commandType, definition);
    }
  }
  return {
    byCommandType: (type) => byCommand.get(type),
    byType: (type) => byType.get(type),
    commandTypes: () => [...byCommand.keys()],
  };
};
