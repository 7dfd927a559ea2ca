import { z } from 'zod';
import { contextSchema, idSchema } from '../core/ids';

/** The command envelope as it arrives over REST or WebSocket, before the payload is checked. */
export const commandBodySchema = z.strictObject({
  type: z.string().min(1).max(100),
  aggregateId: idSchema,
  payload: z.unknown().default({}),
});

/** A command with everything the pipeline needs; also the body of a queued (async) command. */
export const commandRequestSchema = z.strictObject({
  context: contextSchema,
  commandId: z.string().min(1).max(128),
  type: z.string().min(1).max(100),
  aggregateId: idSchema,
  payload: z.unknown(),
  expectedVersion: z.number().int().nonnegative().optional(),
  issuedAt: z.iso.datetime(),
});

export type CommandRequest = z.infer<typeof commandRequestSchema>;
