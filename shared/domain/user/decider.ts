import type { Decider } from '#core/decider';
import { DomainError } from '#core/errors';
import type { UserCommand } from './commands';
import type { UserEvent } from './events';

export interface UserState {
  exists: boolean;
  name: string;
  email: string;
}

export const initialUserState = (): UserState => ({ exists: false, name: '', email: '' });

export const decide = (command: UserCommand, state: UserState): UserEvent[] => {
  switch (command.type) {
    case 'RegisterUser': {
      if (state.exists) throw new DomainError('ALREADY_EXISTS', 'The user is already registered');
      const { name, email } = command.payload;
      return [{ type: 'UserRegistered', data: { name, email, registeredAt: command.metadata.issuedAt } }];
    }
    case 'RenameUser':
      if (!state.exists) throw new DomainError('NOT_FOUND', 'The user does not exist');
      if (state.name === command.payload.name) return [];
      return [{ type: 'UserRenamed', data: { name: command.payload.name } }];
    default: {
      const unreachable: never = command;
      throw new Error(`Unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
};

export const evolve = (state: UserState, event: UserEvent): UserState => {
  switch (event.type) {
    case 'UserRegistered':
      return { exists: true, name: event.data.name, email: event.data.email };
    case 'UserRenamed':
      return { ...state, name: event.data.name };
    default: {
      const unreachable: never = event;
      throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
};

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: initialUserState,
  decide,
  evolve,
};
