import { describe, it } from 'vitest';
import { processSpec } from '../../../test/support/processSpec';
import type { UserEvent } from './events';
import { inboxProcess } from './inboxProcess';

const { given } = processSpec(inboxProcess, 'ada');
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { name: 'Ada', email: 'ada@example.com', registeredAt: '2026-01-01T00:00:00.000Z' },
};

describe('an Inbox on registration', () => {
  it('creates the user’s list Inbox, with the id inbox-<userId>', () =>
    given([])
      .when(registered)
      .then({ commands: [{ type: 'CreateTodoList', aggregateId: 'inbox-ada', payload: { title: 'Inbox' } }] }));

  it('creates it once, whatever comes again', () => given([registered]).when(registered).then());
});
