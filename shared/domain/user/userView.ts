/** One view per user: name, email, registration time. */
import { defineProjection } from '#core/projection';
import { userAggregate } from './aggregate';

export interface UserView {
  userId: string;
  name: string;
  email: string;
  registeredAt: string | null;
}

export const userProjection = defineProjection({
  name: 'user',
  sources: [userAggregate],
  versioning: 'aggregate',
  keyOf: (event) => event.aggregateId,
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
