import { describe, expect, it } from 'vitest';
import { deciderSpec, metadata } from '../../../test/support/deciderSpec';
import { userCommandSchemas } from './commands';
import { userDecider } from './decider';
import type { UserEvent } from './events';

const { given } = deciderSpec(userDecider);
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { name: 'Ada', email: 'ada@example.com', registeredAt: metadata.issuedAt },
};

describe('user decider', () => {
  it('registers a user once', () => {
    given([])
      .when({ type: 'RegisterUser', payload: { name: 'Ada', email: 'ada@example.com' } })
      .then([registered]);
    given([registered])
      .when({ type: 'RegisterUser', payload: { name: 'Ada', email: 'ada@example.com' } })
      .thenFails('ALREADY_EXISTS');
  });

  it('renames a registered user; the same name is a no-op', () => {
    given([registered])
      .when({ type: 'RenameUser', payload: { name: 'Ada L.' } })
      .then([{ type: 'UserRenamed', data: { name: 'Ada L.' } }]);
    given([registered])
      .when({ type: 'RenameUser', payload: { name: 'Ada' } })
      .then([]);
    given([])
      .when({ type: 'RenameUser', payload: { name: 'x' } })
      .thenFails('NOT_FOUND');
  });

  it('validates and normalises email addresses', () => {
    const parse = (email: string) => userCommandSchemas.RegisterUser.safeParse({ name: 'Ada', email });
    expect(parse('Ada@Example.COM').data?.email).toBe('ada@example.com');
    for (const bad of ['', 'ada', 'ada@', '@example.com', 'ada@@example.com', 'a b@example.com']) {
      expect(parse(bad).success).toBe(false);
    }
  });
});
