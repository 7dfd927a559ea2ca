/**
 * A process manager (a saga) coordinates work across aggregates and time, defined like a decider:
 * pure, no I/O, no clock. It names the aggregates whose events it follows, derives from each event
 * the key of the process it belongs to (the correlation: a user id, a list id), and folds events
 * into the process's state. From each event, and from each deadline that fires, it returns the
 * commands to send and the deadlines to schedule or cancel. The framework stores the state with
 * the positions folded (so a duplicate or late event is a no-op) and gives every command an id
 * made of the process key and the position that caused it (so nothing is sent twice).
 */
import type { AnyAggregate, EventOf } from './aggregate';
import { parseDuration } from './duration';
import type { ProjectedEvent } from './projection';

/** A command a process sends, in the context of the event that caused it. */
export interface ProcessCommand {
  type: string;
  aggregateId: string;
  payload: unknown;
}

/**
 * A deadline to schedule: it fires `after` (an ISO 8601 duration such as `P7D` or `PT2S`) from the
 * commit time of the event that scheduled it. One name per process holds one deadline: scheduling
 * a name again replaces it.
 */
export interface DeadlineRequest {
  name: string;
  after: string;
  payload?: unknown;
}

/** A deadline as it fires: its name, its payload, and when it was due. */
export interface FiredDeadline {
  name: string;
  payload?: unknown;
  dueAt: string;
}

/** What a process does about an event or a deadline: its next state, and its effects. */
export interface ProcessReaction<State> {
  state: State;
  commands?: readonly ProcessCommand[];
  schedule?: readonly DeadlineRequest[];
  cancel?: readonly string[];
}

/** The erased form the framework works with: any state, any event of its sources. */
export interface ProcessManager<State = unknown> {
  /** Names the process's queue group, its stored state and its commands' ids. */
  name: string;
  /** Aggregate types whose events it follows. */
  sources: readonly string[];
  /** The key of the process an event belongs to, or undefined if it belongs to none. */
  keyOf: (event: ProjectedEvent) => string | undefined;
  initialState: (key: string) => State;
  react: (state: State, event: ProjectedEvent) => ProcessReaction<State>;
  /** What the process does when one of its deadlines fires; without it, a deadline changes nothing. */
  onDeadline?: (state: State, deadline: FiredDeadline) => ProcessReaction<State>;
}

/** A process manager as written: its sources are aggregate definitions, its events theirs. */
export interface ProcessManagerDefinition<S extends readonly AnyAggregate[], State> {
  name: string;
  sources: S;
  keyOf: (event: ProjectedEvent<EventOf<S[number]>>) => string | undefined;
  initialState: (key: string) => State;
  react: (state: State, event: ProjectedEvent<EventOf<S[number]>>) => ProcessReaction<State>;
  onDeadline?: (state: State, deadline: FiredDeadline) => ProcessReaction<State>;
}

/** Used in queue group ids, stored keys and command ids: plain and short. */
const PROCESS_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/**
 * Types `keyOf` and `react` against the union of the sources' events, then erases them so that
 * process managers share one registry (sound: the framework only feeds one events of its sources).
 * A deadline whose `after` is no duration throws when the reaction is made, so its event fails
 * (and is dead-lettered with the reason) rather than scheduling nothing.
 */
export const defineProcessManager = <const S extends readonly AnyAggregate[], State>(
  definition: ProcessManagerDefinition<S, State>,
): TypedProcessManager<State> => {
  if (!PROCESS_NAME.test(definition.name)) {
    throw new Error(`Process manager name '${definition.name}': a letter, then letters and digits, at most 64`);
  }
  const typed = (event: ProjectedEvent) => event as ProjectedEvent<EventOf<S[number]>>;
  const checked = (reaction: ProcessReaction<State>) => {
    for (const deadline of reaction.schedule ?? []) parseDuration(deadline.after);
    return reaction;
  };
  const { onDeadline } = definition;
  const manager: ProcessManager<State> = {
    name: definition.name,
    sources: definition.sources.map((source) => source.type),
    keyOf: (event) => definition.keyOf(typed(event)),
    initialState: definition.initialState,
    react: (state, event) => checked(definition.react(state, typed(event))),
    ...(onDeadline && { onDeadline: (state: State, deadline: FiredDeadline) => checked(onDeadline(state, deadline)) }),
  };
  return manager as unknown as TypedProcessManager<State>;
};

/** The erased form, still carrying its state type for tests (`stateType` is never set). */
export type TypedProcessManager<State> = ProcessManager & { readonly stateType?: State };

export interface ProcessRegistry {
  byName(name: string): ProcessManager | undefined;
  /** The process managers that follow an aggregate type. */
  forAggregateType(aggregateType: string): readonly ProcessManager[];
  all(): readonly ProcessManager[];
}

export const createProcessRegistry = (managers: readonly ProcessManager[]): ProcessRegistry => {
  const byName = new Map<string, ProcessManager>();
  for (const manager of managers) {
    if (byName.has(manager.name)) throw new Error(`Process manager '${manager.name}' registered twice`);
    byName.set(manager.name, manager);
  }
  return {
    byName: (name) => byName.get(name),
    forAggregateType: (type) => managers.filter((manager) => manager.sources.includes(type)),
    all: () => managers,
  };
};
