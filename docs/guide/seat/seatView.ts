/** One view per seat: who holds it, whether it is sold, how many holds it has seen. */
import { defineProjection } from '#core/projection';
import * as z from '#core/zod';
import { seatAggregate } from './aggregate';

export const seatViewSchema = z.object({
  seatId: z.string(),
  status: z.enum(['free', 'held', 'sold']),
  holder: z.nullable(z.string()),
  holds: z.int().check(z.nonnegative()),
});

export type SeatView = z.infer<typeof seatViewSchema>;

export const seatProjection = defineProjection({
  name: 'seat',
  sources: [seatAggregate],
  versioning: 'aggregate',
  keyOf: (event) => event.aggregateId,
  view: seatViewSchema,
  initialView: (seatId): SeatView => ({ seatId, status: 'free', holder: null, holds: 0 }),
  // The seats of a context can be listed by status: GET /v1/{context}/views/seat?filter=status:held
  index: { filters: ['status'] },
  evolve: (view, event): SeatView => {
    switch (event.type) {
      case 'SeatHeld':
        return { ...view, status: 'held', holder: event.data.holder, holds: view.holds + 1 };
      case 'HoldConfirmed':
        return { ...view, status: 'sold' };
      case 'HoldReleased':
        return { ...view, status: 'free', holder: null };
      default: {
        const unreachable: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
      }
    }
  },
});
