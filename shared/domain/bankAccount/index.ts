/** The bank account feature: its aggregate and its balance view, registered once in `shared/domain/index.ts`. */
import { defineFeature } from '#core/feature';
import { bankAccountAggregate } from './aggregate';
import { balanceProjection } from './balanceView';

export { bankAccountAggregate } from './aggregate';
export { type BalanceView, balanceProjection } from './balanceView';
export type { BankAccountCommand } from './commands';
export type { BankAccountEvent } from './events';

export const bankAccountFeature = defineFeature({ aggregate: bankAccountAggregate, projections: [balanceProjection] });
