/**
 * The test domain's projections: one view per ledger (versioned by its aggregate) and one view of
 * every ledger of a context (key `all`, fed by many aggregates, so versioned by the total).
 */
import { ownEntry } from '#core/ownEntry';
import { defineProjection, type ProjectedEvent } from '#core/projection';
import { type LedgerEvent, ledgerAggregate } from './ledger';

export const ALL_LEDGERS_KEY = 'all';

export interface LedgerView {
  ledgerId: string;
  title: string;
  balance: number;
  /** Amount of each entry not reversed, in recording order. */
  entries: Record<string, number>;
}

const foldLedger = (view: LedgerView, event: ProjectedEvent<LedgerEvent>): LedgerView => {
  switch (event.type) {
    case 'LedgerOpened':
      return { ...view, title: event.data.title };
    case 'Recorded':
      return {
        ...view,
        balance: view.balance + event.data.amount,
        entries: { ...view.entries, [event.data.entryId]: event.data.amount },
      };
    case 'Reversed': {
      const { [event.data.entryId]: reversed, ...entries } = view.entries;
      return { ...view, balance: view.balance - (reversed ?? 0), entries };
    }
    default: {
      const unreachable: never = event;
      throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
};

export const ledgerProjection = defineProjection({
  name: 'ledger',
  sources: [ledgerAggregate],
  versioning: 'aggregate',
  keyOf: (event) => event.aggregateId,
  initialView: (ledgerId): LedgerView => ({ ledgerId, title: '', balance: 0, entries: {} }),
  evolve: foldLedger,
});

export interface LedgersView {
  ledgers: Record<string, LedgerView>;
}

export const ledgersProjection = defineProjection({
  name: 'ledgers',
  sources: [ledgerAggregate],
  versioning: 'total',
  keyOf: () => ALL_LEDGERS_KEY,
  initialView: (): LedgersView => ({ ledgers: {} }),
  evolve: (view, event) => {
    const before = ownEntry(view.ledgers, event.aggregateId) ?? {
      ledgerId: event.aggregateId,
      title: '',
      balance: 0,
      entries: {},
    };
    return { ledgers: { ...view.ledgers, [event.aggregateId]: foldLedger(before, event) } };
  },
});
