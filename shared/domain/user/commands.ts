import type { Command } from '#core/decider';
import * as z from '#core/zod';

const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

const email = z.email().check(z.maxLength(254), z.toLowerCase());

/** The examples are shown in /openapi.json (zod carries them into the JSON Schema). */
export const userCommandSchemas = {
  RegisterUser: z
    .strictObject({ name, email })
    .check(z.meta({ examples: [{ name: 'Ada', email: 'ada@example.com' }] })),
  RenameUser: z.strictObject({ name }).check(z.meta({ examples: [{ name: 'Ada Lovelace' }] })),
} as const;

type Schemas = typeof userCommandSchemas;
export type UserCommand = {
  [K in keyof Schemas]: Command<K, z.infer<Schemas[K]>>;
}[keyof Schemas];
