/** One view per user: name, email, registration time. */
import { defineProjection } from '#core/projection';
import * as z from '#core/zod';
import { userAggregate } from './aggregate';

export const userViewSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  /** Null until the user registers (a view exists from its first event on). */
  registeredAt: z.nullable(z.iso.datetime()),
});

export type UserView = z.infer<typeof userViewSchema>;

export const userProjection = defineProjection({
  name: 'user',
  sources: [userAggregate],
  versioning: 'aggregate',
  keyOf: (event) => event.aggregateId,
  view: userViewSchema,
  initialView: (userId): UserView => ({ userId, name: '', email: '', registeredAt: null }),
  evolve: (view, event) => {
    switch (event.type) {
      case 'UserRegistered':
        return { ...view, name: event.data.name, email: event.data.email, registeredAt: event.data.registeredAt };
      case 'UserRenamed':
        return { ...view, name: event.data.name };
      default: {
        const unreachable: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
      }
    }
  },
});
