/**
 * What a typed client of an application knows from its features, at compile time only: the
 * commands it can send (a command's `type` fixes its payload's type) and the views it can read
 * (a projection's name fixes its view's type).
 */
import type { AggregateDefinition } from './aggregate';
import type { Command } from './decider';
import type { Feature } from './feature';

/** A command as a client sends it to one aggregate type. */
export type CommandInputOf<A> =
  // biome-ignore lint/suspicious/noExplicitAny: state and events play no part in a command's input.
  A extends AggregateDefinition<any, infer C, any>
    ? C extends Command<infer Type, infer Payload>
      ? { type: Type; aggregateId: string; payload: Payload }
      : never
    : never;

/** Every command of the features. */
export type CommandsOf<F extends readonly Feature[]> = CommandInputOf<F[number]['aggregate']>;

/** Projection name → its view's type, for every projection of the features. */
export type ViewsOf<F extends readonly Feature[]> = {
  [P in F[number]['projections'][number] as P['name']]: P extends { readonly viewType?: infer View } ? View : unknown;
};
