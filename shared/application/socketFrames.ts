import { WEBSOCKET_ACTIONS as ACTIONS } from '#http/routes';
/** The frames a WebSocket client sends, by `action` (API Gateway routes on `$request.body.action`). */

import { IDEMPOTENCY_KEY_PATTERN, idSchema } from '#core/ids';
import * as z from '#core/zod';
import { LIMITS } from './limits';

const version = z.int().check(z.nonnegative());

/** A collection's filter, `field:value`. */
const filter = z.string().check(z.minLength(3), z.maxLength(265));

/** One view (`key`), or a collection: every view of the projection (no key), or those with `filter`. */
export const subscribeFrame = z.strictObject({
  action: z.literal('subscribe'),
  projection: z.string().check(z.minLength(1), z.maxLength(100)),
  key: z.optional(idSchema),
  filter: z.optional(filter),
  fromVersion: z.optional(version),
  /** A collection's resume point: its `subscribed` frame's `position`, or the newest `updatedAt` seen since. */
  since: z.optional(z.iso.datetime()),
  /** The client applies `viewPatch` frames; without it, a change is pushed whole (clients that predate patches). */
  patches: z.optional(z.boolean()),
});

export const unsubscribeFrame = z.strictObject({
  action: z.literal('unsubscribe'),
  projection: z.string().check(z.minLength(1), z.maxLength(100)),
  key: z.optional(idSchema),
  filter: z.optional(filter),
});

export const commandFrame = z.strictObject({
  action: z.literal('command'),
  requestId: z.string().check(z.minLength(1), z.maxLength(64)),
  command: z.strictObject({
    type: z.string().check(z.minLength(1), z.maxLength(100)),
    aggregateId: idSchema,
    payload: z._default(z.unknown(), {}),
  }),
  expectedVersion: z.optional(version),
  idempotencyKey: z.optional(z.string().check(z.regex(IDEMPOTENCY_KEY_PATTERN))),
});

export const pingFrame = z.strictObject({ action: z.literal('ping') });

/** A fresh token on an open socket (the gateway checked the first one at connect only). */
export const authenticateFrame = z.strictObject({
  action: z.literal('authenticate'),
  token: z.string().check(z.minLength(1), z.maxLength(16 * 1024)),
});

/** Every event of the connection's context, pushed as the projection worker takes it (eventTail.ts); `untail` stops it. */
export const tailFrame = z.strictObject({ action: z.literal('tail') });
export const untailFrame = z.strictObject({ action: z.literal('untail') });

export const clientFrame = z.discriminatedUnion('action', [
  subscribeFrame,
  unsubscribeFrame,
  commandFrame,
  pingFrame,
  authenticateFrame,
  tailFrame,
  untailFrame,
]);

export type ClientFrame = z.infer<typeof clientFrame>;

/** The largest client frame (the limit and its reason are in limits.ts). */
export const MAX_FRAME_BYTES = LIMITS.socketMessageBytes;

export { ACTIONS };
