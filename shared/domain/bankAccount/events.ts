import type { DomainEvent } from '#core/decider';

export type AccountOpened = DomainEvent<'AccountOpened', { owner: string; openedAt: string }>;
export type Credited = DomainEvent<'Credited', { amount: number }>;
export type Debited = DomainEvent<'Debited', { amount: number }>;

export type BankAccountEvent = AccountOpened | Credited | Debited;
