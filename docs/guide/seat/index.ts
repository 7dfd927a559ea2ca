/**
 * The seat feature: its aggregate, its view and its process, registered once. `createSeatDomain`
 * is the whole application of the guide; a real one lists several features.
 */
import { createDomain, type Domain } from '#core/domain';
import { parseDuration } from '#core/duration';
import { defineFeature } from '#core/feature';
import { seatAggregate } from './aggregate';
import { DEFAULT_HOLD_FOR, expiryProcess } from './expiryProcess';
import { seatProjection } from './seatView';

export { seatAggregate } from './aggregate';
export { expiryProcess } from './expiryProcess';
export { type SeatView, seatProjection } from './seatView';

export const seatFeature = (holdFor: string = DEFAULT_HOLD_FOR) =>
  defineFeature({ aggregate: seatAggregate, projections: [seatProjection], processes: [expiryProcess(holdFor)] });

/** The guide's domain; throws at start for a `holdFor` that is not an ISO 8601 duration. */
export const createSeatDomain = (settings: { holdFor?: string } = {}): Domain => {
  const holdFor = settings.holdFor ?? DEFAULT_HOLD_FOR;
  parseDuration(holdFor);
  return createDomain([seatFeature(holdFor)]);
};
