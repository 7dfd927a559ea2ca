/** One view per account: its owner and balance. */
import { defineProjection } from '#core/projection';
import * as z from '#core/zod';
import { bankAccountAggregate } from './aggregate';

export const balanceViewSchema = z.object({
  accountId: z.string(),
  owner: z.string(),
  // Never below zero: the decider refuses a Debit past the balance.
  balance: z.int().check(z.nonnegative(), z.describe('In cents.')),
});

export type BalanceView = z.infer<typeof balanceViewSchema>;

export const balanceProjection = defineProjection({
  name: 'accountBalance',
  sources: [bankAccountAggregate],
  versioning: 'aggregate',
  keyOf: (event) => event.aggregateId,
  view: balanceViewSchema,
  initialView: (accountId): BalanceView => ({ accountId, owner: '', balance: 0 }),
  // A list of one owner's accounts (`?filter=owner:Ada`), or all by balance (`?sort=balance&order=desc`).
  index: { filters: ['owner'], sort: 'balance' },
  evolve: (view, event) => {
    switch (event.type) {
      case 'AccountOpened':
        return { ...view, owner: event.data.owner };
      case 'Credited':
        return { ...view, balance: view.balance + event.data.amount };
      case 'Debited':
        return { ...view, balance: view.balance - event.data.amount };
      default: {
        const unreachable: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
      }
    }
  },
});
