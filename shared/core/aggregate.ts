import type { Command, Decider, DomainEvent } from './decider';
import { AGGREGATE_TYPE_PATTERN } from './ids';
import { checkEventSchemas, type EventSchemas, type Upcast, upcastBy } from './upcasting';
import type * as z from './zod';

/**
 * Everything the command pipeline needs to know about one aggregate type. A feature folder defines
 * one with `defineAggregate` and hands it to `defineFeature`. With the defaults it is the erased form
 * the framework works with: any command type, any event, state unknown.
 */
export interface AggregateDefinition<
  State = unknown,
  C extends Command = Command,
  E extends DomainEvent = DomainEvent,
> {
  /** Used in stream keys and URLs: `/aggregates/{type}/{id}/events`. */
  type: string;
  /** Payload schema per command type. */
  commands: Record<C['type'], z.ZodMiniType>;
  decider: Decider<State, C, E>;
  /** Write a snapshot when a commit crosses a multiple of this many events. */
  snapshotEvery: number;
  /**
   * Bump when State's shape changes: older snapshots are then ignored and rebuilt from events. A
   * snapshot holds state, not events, so no upcaster reaches it: a new event shape that changes
   * what the state keeps is a State change too.
   */
  snapshotSchemaVersion: number;
  /**
   * The history of its events' shapes (upcasting.ts): per event type, the version it is written at
   * and one upcaster per older version. Every reader gets the newest shape; stored events stay as
   * written. Types not listed are at version 1.
   */
  events?: EventSchemas<E['type']>;
}

/**
 * Any aggregate definition, whatever its state, commands and events. A typed definition is not an
 * `AggregateDefinition` (its decider accepts only its own commands), so lists of definitions take
 * this form; `any` is what lets every definition in.
 */
// biome-ignore lint/suspicious/noExplicitAny: the one place definitions of different types meet; see above.
export type AnyAggregate = AggregateDefinition<any, any, any>;

/** The events of an aggregate definition (a union over the definitions, if given one). */
export type EventOf<A extends AnyAggregate> = A extends AggregateDefinition<infer _S, infer _C, infer E> ? E : never;

/** Keeps the precise state, command and event types, so that projections can be typed against them. */
export const defineAggregate = <State, C extends Command, E extends DomainEvent>(
  definition: AggregateDefinition<State, C, E>,
): AggregateDefinition<State, C, E> => definition;

/**
 * The erased form the framework works with. Sound as long as the decider is only given commands of
 * its own types, which the registry ensures: it finds the definition by the command's type.
 */
export const erase = (definition: AnyAggregate): AggregateDefinition => definition;

export interface AggregateRegistry {
  byCommandType(type: string): AggregateDefinition | undefined;
  byType(type: string): AggregateDefinition | undefined;
  commandTypes(): string[];
  /** An event of `aggregateType` in its type's newest shape (upcasting.ts). */
  upcast: Upcast;
}

export const createRegistry = (definitions: readonly AnyAggregate[]): AggregateRegistry => {
  const byCommand = new Map<string, AggregateDefinition>();
  const byType = new Map<string, AggregateDefinition>();
  for (const definition of definitions.map(erase)) {
    if (byType.has(definition.type)) throw new Error(`Aggregate '${definition.type}' registered twice`);
    if (!AGGREGATE_TYPE_PATTERN.test(definition.type)) {
      throw new Error(
        `Aggregate type '${definition.type}' must be 1-30 letters, digits or '_', starting with a letter: its stream keys are SQS message group ids (128 characters at most)`,
      );
    }
    // At start, not on the first read of an old event: a chain with a gap refuses the domain.
    checkEventSchemas(definition);
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
    upcast: upcastBy((type) => byType.get(type)),
  };
};
