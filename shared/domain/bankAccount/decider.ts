import type { Decider } from '#core/decider';
import { DomainError } from '#core/errors';
import type { BankAccountCommand } from './commands';
import type { BankAccountEvent } from './events';

export interface BankAccountState {
  open: boolean;
  /** In cents; never below zero. */
  balance: number;
}

export const initialBankAccountState = (): BankAccountState => ({ open: false, balance: 0 });

export const decide = (command: BankAccountCommand, state: BankAccountState): BankAccountEvent[] => {
  if (command.type === 'OpenAccount') {
    if (state.open) throw new DomainError('ALREADY_EXISTS', 'The account is already open');
    return [{ type: 'AccountOpened', data: { owner: command.payload.owner, openedAt: command.metadata.issuedAt } }];
  }
  if (!state.open) throw new DomainError('NOT_FOUND', 'The account does not exist');
  switch (command.type) {
    case 'Credit':
      return [{ type: 'Credited', data: { amount: command.payload.amount } }];
    case 'Debit':
      if (command.payload.amount > state.balance) {
        throw new DomainError('INSUFFICIENT_FUNDS', `The balance is ${state.balance}`, { balance: state.balance });
      }
      return [{ type: 'Debited', data: { amount: command.payload.amount } }];
    default: {
      const unreachable: never = command;
      throw new Error(`Unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
};

export const evolve = (state: BankAccountState, event: BankAccountEvent): BankAccountState => {
  switch (event.type) {
    case 'AccountOpened':
      return { open: true, balance: 0 };
    case 'Credited':
      return { ...state, balance: state.balance + event.data.amount };
    case 'Debited':
      return { ...state, balance: state.balance - event.data.amount };
    default: {
      const unreachable: never = event;
      throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
};

export const bankAccountDecider: Decider<BankAccountState, BankAccountCommand, BankAccountEvent> = {
  initialState: initialBankAccountState,
  decide,
  evolve,
};
