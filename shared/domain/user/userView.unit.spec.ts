import { describe, expect, it } from 'vitest';
import { projected, viewAfter } from '../../../test/support/projectionSpec';
import { userPayloads } from '../../../test/support/samplePayloads';
import { expectViewsMatchSchema } from '../../../test/support/viewSchemaSpec';
import { userAggregate } from './aggregate';
import { userProjection } from './userView';

describe('user projection', () => {
  it('folds any history into views that match its schema', () =>
    expectViewsMatchSchema(userProjection, userAggregate, userPayloads));

  it('given a registered and renamed user, then the view has the new name', () => {
    const view = viewAfter(userProjection, 'u1', [
      projected('user', 'u1', 'UserRegistered', {
        name: 'Ada',
        email: 'ada@example.com',
        registeredAt: '2026-11-22T10:00:00.000Z',
      }),
      projected('user', 'u1', 'UserRenamed', { name: 'Ada L.' }),
    ]);
    expect(view).toEqual({
      userId: 'u1',
      name: 'Ada L.',
      email: 'ada@example.com',
      registeredAt: '2026-11-22T10:00:00.000Z',
    });
  });
});
