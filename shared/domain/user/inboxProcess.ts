/**
 * When a user registers, their todo list `Inbox` is created, with the id `inbox-<userId>`. One
 * command per registration: the process's state remembers it was sent, and the command's id is
 * derived from the registration's position, so a redelivered event sends nothing again.
 */
import { defineProcessManager } from '#core/processManager';
import { userAggregate } from './aggregate';

export interface InboxProcessState {
  requested: boolean;
}

export const inboxListId = (userId: string): string => `inbox-${userId}`;

export const inboxProcess = defineProcessManager({
  name: 'inboxOnRegistration',
  sources: [userAggregate],
  keyOf: (event) => (event.type === 'UserRegistered' ? event.aggregateId : undefined),
  initialState: (): InboxProcessState => ({ requested: false }),
  react: (state, event) => {
    if (event.type !== 'UserRegistered' || state.requested) return { state };
    return {
      state: { requested: true },
      commands: [{ type: 'CreateTodoList', aggregateId: inboxListId(event.aggregateId), payload: { title: 'Inbox' } }],
    };
  },
});
