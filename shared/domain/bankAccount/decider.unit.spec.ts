import { describe, expect, it } from 'vitest';
import { deciderSpec, metadata } from '../../../test/support/deciderSpec';
import { bankAccountCommandSchemas } from './commands';
import { bankAccountDecider } from './decider';
import type { BankAccountEvent } from './events';

const { given } = deciderSpec(bankAccountDecider);
const opened: BankAccountEvent = { type: 'AccountOpened', data: { owner: 'Ada', openedAt: metadata.issuedAt } };

describe('bank account decider', () => {
  it('opens an account once', () => {
    given([])
      .when({ type: 'OpenAccount', payload: { owner: 'Ada' } })
      .then([opened]);
    given([opened])
      .when({ type: 'OpenAccount', payload: { owner: 'Ada' } })
      .thenFails('ALREADY_EXISTS');
  });

  it('credits and debits an open account, never below zero', () => {
    const credited: BankAccountEvent = { type: 'Credited', data: { amount: 500 } };
    given([opened])
      .when({ type: 'Credit', payload: { amount: 500 } })
      .then([credited]);
    given([opened, credited])
      .when({ type: 'Debit', payload: { amount: 500 } })
      .then([{ type: 'Debited', data: { amount: 500 } }]);
    given([opened, credited])
      .when({ type: 'Debit', payload: { amount: 501 } })
      .thenFails('INSUFFICIENT_FUNDS');
    given([])
      .when({ type: 'Credit', payload: { amount: 1 } })
      .thenFails('NOT_FOUND');
  });

  it('takes whole positive amounts only', () => {
    for (const bad of [0, -1, 1.5, '5', 1e12]) {
      expect(bankAccountCommandSchemas.Credit.safeParse({ amount: bad }).success).toBe(false);
    }
  });
});
