import { z } from 'zod';
import type { Command } from '../../core/decider';

const name = z.string().trim().min(1).max(200);

export const userCommandSchemas = {
  RegisterUser: z.strictObject({ name, email: z.email().max(254).toLowerCase() }),
  RenameUser: z.strictObject({ name }),
} as const;

type Schemas = typeof userCommandSchemas;
export type UserCommand = {
  [K in keyof Schemas]: Command<K, z.infer<Schemas[K]>>;
}[keyof Schemas];
