/** The frames a WebSocket client sends, by `action` (API Gateway routes on `$request.body.action`). */
import { z } from 'zod';
import { IDEMPOTENCY_KEY_PATTERN, idSchema } from '../core/ids';

const version = z.number().int().nonnegative();

export const subscribeFrame = z.strictObject({
  action: z.literal('subscribe'),
  projection: z.string().min(1).max(100),
  key: idSchema,
  fromVersion: version.optional(),
});

export const unsubscribeFrame = z.strictObject({
  action: z.literal('unsubscribe'),
  projection: z.string().min(1).max(100),
  key: idSchema,
});

export const commandFrame = z.strictObject({
  action: z.literal('command'),
  requestId: z.string().min(1).max(64),
  command: z.strictObject({
    type: z.string().min(1).max(100),
    aggregateId: idSchema,
    payload: z.unknown().default({}),
  }),
  expectedVersion: version.optional(),
  idempotencyKey: z.string().regex(IDEMPOTENCY_KEY_PATTERN).optional(),
});

export const pingFrame = z.strictObject({ action: z.literal('ping') });

export const clientFrame = z.discriminatedUnion('action', [subscribeFrame, unsubscribeFrame, commandFrame, pingFrame]);

export type ClientFrame = z.infer<typeof clientFrame>;

export const ACTIONS = ['subscribe', 'unsubscribe', 'command', 'ping'] as const;

/** API Gateway WebSocket messages stop at 128 KB. */
export const MAX_FRAME_BYTES = 128 * 1024;
