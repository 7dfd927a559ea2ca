/**
 * The guide's domain (docs/guide/seat/) behaves as docs/guide/README.md says: the code blocks of
 * the guide are taken from these files (docsLinks.unit.spec.ts checks that they are).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seatCommandSchemas } from '../../docs/guide/seat/commands';
import { seatDecider } from '../../docs/guide/seat/decider';
import type { SeatEvent } from '../../docs/guide/seat/events';
import { EXPIRY_DEADLINE, expiryProcess } from '../../docs/guide/seat/expiryProcess';
import { createSeatDomain, seatAggregate, seatProjection } from '../../docs/guide/seat/index';
import { deciderSpec, metadata } from '../support/deciderSpec';
import { processSpec } from '../support/processSpec';
import { projected, viewAfter } from '../support/projectionSpec';
import { expectViewsMatchSchema } from '../support/viewSchemaSpec';

const held: SeatEvent = { type: 'SeatHeld', data: { holder: 'ada', heldAt: metadata.issuedAt } };

describe('the seat decider', () => {
  const { given } = deciderSpec(seatDecider);

  it('holds a free seat, and refuses a second holder', () => {
    given([])
      .when({ type: 'HoldSeat', payload: { holder: 'ada' } })
      .then([held]);
    given([held])
      .when({ type: 'HoldSeat', payload: { holder: 'bob' } })
      .thenFails('SEAT_TAKEN');
  });

  it('confirms or releases a hold for its holder only', () => {
    given([held])
      .when({ type: 'ConfirmHold', payload: { holder: 'ada' } })
      .then([{ type: 'HoldConfirmed', data: { holder: 'ada', confirmedAt: metadata.issuedAt } }]);
    given([held])
      .when({ type: 'ReleaseHold', payload: { holder: 'bob' } })
      .thenFails('NOT_HELD');
  });

  it('expires a hold that is still there, and does nothing for one that ended', () => {
    given([held])
      .when({ type: 'ExpireHold', payload: { holder: 'ada' } })
      .then([{ type: 'HoldReleased', data: { holder: 'ada', reason: 'expired' } }]);
    given([held, { type: 'HoldConfirmed', data: { holder: 'ada', confirmedAt: metadata.issuedAt } }])
      .when({ type: 'ExpireHold', payload: { holder: 'ada' } })
      .then([]);
  });

  it('takes a holder of 1 to 100 characters', () => {
    for (const holder of ['', ' ', 'x'.repeat(101), 7]) {
      expect(seatCommandSchemas.HoldSeat.safeParse({ holder }).success).toBe(false);
    }
  });
});

describe('the seat view', () => {
  it('follows a seat through a hold that is released and one that is confirmed', () => {
    const events = [
      projected('seat', 'a12', 'SeatHeld', { holder: 'ada', heldAt: metadata.issuedAt }, 1),
      projected('seat', 'a12', 'HoldReleased', { holder: 'ada', reason: 'expired' }, 2),
      projected('seat', 'a12', 'SeatHeld', { holder: 'bob', heldAt: metadata.issuedAt }, 3),
      projected('seat', 'a12', 'HoldConfirmed', { holder: 'bob', confirmedAt: metadata.issuedAt }, 4),
    ];
    expect(viewAfter(seatProjection, 'a12', events.slice(0, 2))).toEqual({
      seatId: 'a12',
      status: 'free',
      holder: null,
      holds: 1,
    });
    expect(viewAfter(seatProjection, 'a12', events)).toEqual({
      seatId: 'a12',
      status: 'sold',
      holder: 'bob',
      holds: 2,
    });
  });

  it('folds any history into views that match its schema', () => {
    const holder = fc.record({ holder: fc.constantFrom('ada', 'bob') });
    const payloads = { HoldSeat: holder, ConfirmHold: holder, ReleaseHold: holder, ExpireHold: holder };
    expectViewsMatchSchema(seatProjection, seatAggregate, payloads);
  });
});

describe('the expiry process', () => {
  const { given } = processSpec(expiryProcess('PT15M'), 'a12');

  it('schedules the expiry when a seat is held, and cancels it when the hold ends', () => {
    given([])
      .when(held)
      .then({ schedule: [{ name: EXPIRY_DEADLINE, after: 'PT15M' }] });
    given([held])
      .when({ type: 'HoldConfirmed', data: { holder: 'ada', confirmedAt: metadata.issuedAt } })
      .then({ cancel: [EXPIRY_DEADLINE] });
  });

  it('sends ExpireHold for the holder when the deadline fires', () => {
    given([held])
      .whenDeadline(EXPIRY_DEADLINE)
      .then({ commands: [{ type: 'ExpireHold', aggregateId: 'a12', payload: { holder: 'ada' } }] });
  });
});

describe('the seat domain', () => {
  it('registers the aggregate, its view and its process, and refuses a hold time that is no duration', () => {
    const domain = createSeatDomain();
    expect(domain.aggregates.commandTypes()).toEqual(['HoldSeat', 'ConfirmHold', 'ReleaseHold', 'ExpireHold']);
    expect(domain.projections.names()).toEqual(['seat']);
    expect(domain.processes?.all().map((process) => process.name)).toEqual(['expireHolds']);
    expect(() => createSeatDomain({ holdFor: '15 minutes' })).toThrow(RangeError);
  });
});
