/** One view per user: name, email, registration time. */
import { defineProjection } from '../core/projection';
import type { UserEvent } from '../domain/user/events';

export interface UserView {
  userId: string;
  name: string;
  email: string;
  registeredAt: string | null;
}

export const userProjection = defineProjection<UserView>({
  name: 'user',
  sources: ['user'],
  versioning: 'aggregate',
  keyOf: (event) => event.aggregateId,
  initialView: (userId) => ({ userId, name: '', email: '', registeredAt: null }),
  evolve: (view, projected) => {
    const event = projected as unknown as UserEvent;
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
