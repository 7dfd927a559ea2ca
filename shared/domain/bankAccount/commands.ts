import type { Command } from '#core/decider';
import * as z from '#core/zod';

/** Amounts in cents: whole, positive, at most a billion. */
const amount = z.int().check(z.positive(), z.maximum(100_000_000_000));

export const bankAccountCommandSchemas = {
  OpenAccount: z.strictObject({ owner: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)) }),
  Credit: z.strictObject({ amount }),
  Debit: z.strictObject({ amount }),
} as const;

type Schemas = typeof bankAccountCommandSchemas;
export type BankAccountCommand = {
  [K in keyof Schemas]: Command<K, z.infer<Schemas[K]>>;
}[keyof Schemas];
