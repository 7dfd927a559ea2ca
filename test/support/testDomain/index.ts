/**
 * A tiny domain of the framework's own tests (see ./ledger.ts): the tests of the command service,
 * the write path, projections under faults, live views... run on it rather than on the sample
 * domain, which may then change freely.
 */
import { createDomain, type Domain } from '#core/domain';
import { defineFeature } from '#core/feature';
import { ledgerAggregate } from './ledger';
import { ledgerProjection, ledgersProjection } from './ledgerViews';

export { type LedgerCommand, type LedgerEvent, type LedgerState, ledgerAggregate } from './ledger';
export {
  ALL_LEDGERS_KEY,
  type LedgersView,
  type LedgerView,
  ledgerProjection,
  ledgersProjection,
} from './ledgerViews';

export const ledgerFeature = defineFeature({
  aggregate: ledgerAggregate,
  projections: [ledgerProjection, ledgersProjection],
});

export const testDomain: Domain = createDomain([ledgerFeature]);
