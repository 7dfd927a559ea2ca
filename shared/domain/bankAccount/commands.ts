import type { Command } from '#core/decider';
import * as z from '#core/zod';

/** Amounts in cents: whole, positive, at most a billion. */
const amount = z.int().check(z.positive(), z.maximum(100_000_000_000));

const owner = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

/** The examples are shown in /openapi.json (zod carries them into the JSON Schema). */
export const bankAccountCommandSchemas = {
  OpenAccount: z.strictObject({ owner }).check(z.meta({ examples: [{ owner: 'Ada' }] })),
  Credit: z.strictObject({ amount }).check(z.meta({ examples: [{ amount: 700 }] })),
  Debit: z.strictObject({ amount }).check(z.meta({ examples: [{ amount: 200 }] })),
} as const;

type Schemas = typeof bankAccountCommandSchemas;
export type BankAccountCommand = {
  [K in keyof Schemas]: Command<K, z.infer<Schemas[K]>>;
}[keyof Schemas];
