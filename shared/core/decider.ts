/**
 * An aggregate is a decider: pure functions over plain data. No I/O, no clock, no random ids;
 * time and ids arrive in the command's metadata.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface CommandMetadata {
  commandId: string;
  /** ISO-8601 time at which the command was accepted by the edge. */
  issuedAt: string;
}

export interface Command<Type extends string = string, Payload = unknown> {
  type: Type;
  aggregateId: string;
  payload: Payload;
  metadata: CommandMetadata;
}

export interface Decider<State, C extends Command, E extends DomainEvent> {
  initialState: () => State;
  /** Returns the events that the command causes, or throws a DomainError. */
  decide: (command: C, state: State) => E[];
  evolve: (state: State, event: E) => State;
}
