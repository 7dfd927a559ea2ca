/**
 * A hold that is neither confirmed nor released within `holdFor` (an ISO 8601 duration) expires:
 * the process schedules a deadline when a seat is held, cancels it when the hold ends, and sends
 * `ExpireHold` when it fires. Pure, like a decider: the framework stores its state, sends its
 * commands under deterministic ids and keeps its deadlines.
 */
import { defineProcessManager } from '#core/processManager';
import { seatAggregate } from './aggregate';

export const DEFAULT_HOLD_FOR = 'PT15M';
export const EXPIRY_DEADLINE = 'expire';

export interface ExpiryState {
  seatId: string;
  /** Whose hold the pending deadline is for; null when none is pending. */
  holder: string | null;
}

export const expiryProcess = (holdFor: string = DEFAULT_HOLD_FOR) =>
  defineProcessManager({
    name: 'expireHolds',
    sources: [seatAggregate],
    keyOf: (event) => event.aggregateId,
    initialState: (seatId): ExpiryState => ({ seatId, holder: null }),
    react: (state, event) => {
      switch (event.type) {
        case 'SeatHeld':
          return {
            state: { ...state, holder: event.data.holder },
            schedule: [{ name: EXPIRY_DEADLINE, after: holdFor }],
          };
        case 'HoldConfirmed':
        case 'HoldReleased':
          return { state: { ...state, holder: null }, cancel: [EXPIRY_DEADLINE] };
        default: {
          const unreachable: never = event;
          throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
        }
      }
    },
    onDeadline: (state, deadline) => {
      if (deadline.name !== EXPIRY_DEADLINE || state.holder === null) return { state };
      return {
        state: { ...state, holder: null },
        commands: [{ type: 'ExpireHold', aggregateId: state.seatId, payload: { holder: state.holder } }],
      };
    },
  });
