import { describe, expect, it } from 'vitest';
import { projected, viewAfter } from '../../../test/support/projectionSpec';
import { bankAccountPayloads } from '../../../test/support/samplePayloads';
import { expectViewsMatchSchema } from '../../../test/support/viewSchemaSpec';
import { bankAccountAggregate } from './aggregate';
import { balanceProjection } from './balanceView';

describe('account balance projection', () => {
  it('folds any history into views that match its schema', () =>
    expectViewsMatchSchema(balanceProjection, bankAccountAggregate, bankAccountPayloads));

  it('given an opened account credited and debited, then the view has the balance', () => {
    const view = viewAfter(balanceProjection, 'acc-1', [
      projected('bankAccount', 'acc-1', 'AccountOpened', { owner: 'Ada', openedAt: '2026-12-02T10:00:00.000Z' }),
      projected('bankAccount', 'acc-1', 'Credited', { amount: 700 }),
      projected('bankAccount', 'acc-1', 'Debited', { amount: 200 }),
    ]);
    expect(view).toEqual({ accountId: 'acc-1', owner: 'Ada', balance: 500 });
  });
});
