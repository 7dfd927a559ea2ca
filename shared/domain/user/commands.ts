import type { Command } from '#core/decider';
import * as z from '#core/zod';

const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

export const userCommandSchemas = {
  RegisterUser: z.strictObject({ name, email: z.email().check(z.maxLength(254), z.toLowerCase()) }),
  RenameUser: z.strictObject({ name }),
} as const;

type Schemas = typeof userCommandSchemas;
export type UserCommand = {
  [K in keyof Schemas]: Command<K, z.infer<Schemas[K]>>;
}[keyof Schemas];
