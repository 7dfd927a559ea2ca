/**
 * The seat's rules, as a decider: pure functions, no I/O, no clock. Time comes in with the
 * command's metadata (`issuedAt`), so the same command on the same state always decides the same.
 */
import type { Decider } from '#core/decider';
import { DomainError } from '#core/errors';
import type { SeatCommand } from './commands';
import type { SeatEvent } from './events';

export interface SeatState {
  status: 'free' | 'held' | 'sold';
  holder: string | null;
}

const heldBy = (state: SeatState, holder: string) => state.status === 'held' && state.holder === holder;

export const decide = (command: SeatCommand, state: SeatState): SeatEvent[] => {
  const { holder } = command.payload;
  switch (command.type) {
    case 'HoldSeat':
      if (state.status !== 'free') throw new DomainError('SEAT_TAKEN', `The seat is ${state.status}`);
      return [{ type: 'SeatHeld', data: { holder, heldAt: command.metadata.issuedAt } }];
    case 'ConfirmHold':
      if (!heldBy(state, holder)) throw new DomainError('NOT_HELD', `The seat is not held by ${holder}`);
      return [{ type: 'HoldConfirmed', data: { holder, confirmedAt: command.metadata.issuedAt } }];
    case 'ReleaseHold':
      if (!heldBy(state, holder)) throw new DomainError('NOT_HELD', `The seat is not held by ${holder}`);
      return [{ type: 'HoldReleased', data: { holder, reason: 'cancelled' } }];
    case 'ExpireHold':
      // A deadline that lost the race (the hold was confirmed or released first) changes nothing.
      return heldBy(state, holder) ? [{ type: 'HoldReleased', data: { holder, reason: 'expired' } }] : [];
    default: {
      const unreachable: never = command;
      throw new Error(`Unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
};

export const evolve = (state: SeatState, event: SeatEvent): SeatState => {
  switch (event.type) {
    case 'SeatHeld':
      return { status: 'held', holder: event.data.holder };
    case 'HoldConfirmed':
      return { ...state, status: 'sold' };
    case 'HoldReleased':
      return { status: 'free', holder: null };
    default: {
      const unreachable: never = event;
      throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
};

export const seatDecider: Decider<SeatState, SeatCommand, SeatEvent> = {
  initialState: () => ({ status: 'free', holder: null }),
  decide,
  evolve,
};
