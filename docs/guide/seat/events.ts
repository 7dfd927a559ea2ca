/** What happens to a seat, in the past tense: the facts the seat's stream holds. */
import type { DomainEvent } from '#core/decider';

export type SeatHeld = DomainEvent<'SeatHeld', { holder: string; heldAt: string }>;
export type HoldConfirmed = DomainEvent<'HoldConfirmed', { holder: string; confirmedAt: string }>;
export type HoldReleased = DomainEvent<'HoldReleased', { holder: string; reason: 'cancelled' | 'expired' }>;

export type SeatEvent = SeatHeld | HoldConfirmed | HoldReleased;
