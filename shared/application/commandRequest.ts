import { contextSchema, idSchema } from '#core/ids';
import * as z from '#core/zod';

/** The command envelope as it arrives over REST or WebSocket, before the payload is checked. */
export const commandBodySchema = z.strictObject({
  type: z.string().check(z.minLength(1), z.maxLength(100)),
  aggregateId: idSchema,
  payload: z._default(z.unknown(), {}),
});

/** A command with everything the pipeline needs; also the body of a queued (async) command. */
export const commandRequestSchema = z.strictObject({
  context: contextSchema,
  commandId: z.string().check(z.minLength(1), z.maxLength(128)),
  type: z.string().check(z.minLength(1), z.maxLength(100)),
  aggregateId: idSchema,
  payload: z.unknown(),
  expectedVersion: z.optional(z.int().check(z.nonnegative())),
  issuedAt: z.iso.datetime(),
});

export type CommandRequest = z.infer<typeof commandRequestSchema>;
