/**
 * The frames the server sends on a WebSocket, by `type`, as zod schemas: the producers build them
 * as plain objects (frameActions.ts, liveViews.ts, connectionChecks.ts), and these describe the
 * same shapes once, for the AsyncAPI document. The unit tests parse frames the real handlers
 * produced with the document's schemas, so a producer that changes a shape fails them.
 */
import { idSchema } from '#core/ids';
import * as z from '#core/zod';

const projection = z.string().check(z.minLength(1), z.maxLength(100));
const version = z.int().check(z.nonnegative());
const requestId = z.string().check(z.minLength(1), z.maxLength(64));

const collectionFilter = z.string().check(z.minLength(3), z.maxLength(265));
/** When a view was written (ISO 8601): a collection's subscriber resumes from the newest it has seen. */
const updatedAt = z.optional(z.iso.datetime());

/**
 * One view's subscription is stored, or a collection's: `more` when it has more than its first
 * page; `position`, the time from which every change is pushed to this subscription (pass it, or
 * the newest `updatedAt` seen since, back as `since` to resume); `reset` when a resume found too
 * much changed and sent the first page instead (the client starts over from it).
 */
export const subscribedFrame = z.union([
  z.strictObject({ type: z.literal('subscribed'), projection, key: idSchema }),
  z.strictObject({
    type: z.literal('subscribed'),
    projection,
    collection: z.literal(true),
    filter: z.optional(collectionFilter),
    more: z.boolean(),
    position: z.iso.datetime(),
    reset: z.optional(z.literal(true)),
  }),
]);

export const unsubscribedFrame = z.union([
  z.strictObject({ type: z.literal('unsubscribed'), projection, key: idSchema }),
  z.strictObject({
    type: z.literal('unsubscribed'),
    projection,
    collection: z.literal(true),
    filter: z.optional(collectionFilter),
  }),
]);

/** A change as an RFC 6902 JSON Patch from `baseVersion` (subscriptions with `patches: true`). */
export const viewPatchFrame = z.strictObject({
  type: z.literal('viewPatch'),
  projection,
  key: idSchema,
  baseVersion: z.int().check(z.positive()),
  version: z.int().check(z.positive()),
  patch: z.array(
    z.strictObject({
      op: z.enum(['add', 'remove', 'replace']),
      path: z.string(),
      value: z.optional(z.unknown()),
    }),
  ),
  updatedAt,
});

/** A member of a filtered collection whose value changed away from the filter's: it left. */
export const memberRemovedFrame = z.strictObject({
  type: z.literal('memberRemoved'),
  projection,
  key: idSchema,
  version: z.int().check(z.positive()),
  filter: collectionFilter,
  updatedAt,
});

/** The view as it is now: after `subscribe`, and pushed on every change. */
export const viewFrame = z.strictObject({
  type: z.literal('view'),
  projection,
  key: idSchema,
  version: z.int().check(z.positive()),
  data: z.unknown(),
  updatedAt,
});

/** A view too large for one frame (API Gateway's 32 KB): fetch it from the views endpoint. */
export const viewChangedFrame = z.strictObject({
  type: z.literal('viewChanged'),
  projection,
  key: idSchema,
  version: z.int().check(z.positive()),
  updatedAt,
});

/** An event the command committed, as committed: `schemaVersion` is the shape `data` was written in. */
const storedEvent = z.strictObject({
  type: z.string(),
  version: z.int().check(z.positive()),
  schemaVersion: z.optional(
    z
      .int()
      .check(z.positive(), z.describe('The version of its shape; absent on answers recorded before versions were: 1')),
  ),
  data: z.unknown(),
});

/** The command ran: the REST answer's body, with the frame's `requestId`. */
export const commandSucceededFrame = z.strictObject({
  type: z.literal('commandResult'),
  requestId,
  status: z.literal(200),
  commandId: z.string(),
  aggregateId: idSchema,
  version,
  events: z.array(storedEvent),
});

/** `{code, message, ...details}`, as in REST's `{"error": ...}`: details depend on the code. */
const errorBody = z.looseObject({ code: z.string(), message: z.string() });

/** The command was refused: the REST answer's status and error. */
export const commandFailedFrame = z.strictObject({
  type: z.literal('commandResult'),
  requestId,
  status: z.int().check(z.gte(400), z.lte(599)),
  error: errorBody,
});

export const commandResultFrame = z.union([commandSucceededFrame, commandFailedFrame]);

export const pongFrame = z.strictObject({ type: z.literal('pong') });

/** `expiresAt` (epoch seconds) is absent when auth is off: then nothing expires. */
export const authenticatedFrame = z.strictObject({
  type: z.literal('authenticated'),
  expiresAt: z.optional(z.int()),
});

/** A frame that could not be served, or a connection about to be closed; `requestId` echoes a command's. */
export const errorFrame = z.looseObject({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  requestId: z.optional(requestId),
});

/** Every frame the server sends, by its `type`. */
/** The connection follows its context's events (`tail`), or no longer does (`untail`). */
export const tailingFrame = z.strictObject({ type: z.literal('tailing'), context: z.string() });
export const untailedFrame = z.strictObject({ type: z.literal('untailed'), context: z.string() });

/** One event of the context, as the projection worker takes it (eventTail.ts); `data` up to the frame limit. */
export const eventFrame = z.strictObject({
  type: z.literal('event'),
  context: z.string(),
  streamKey: z.string(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  eventType: z.string(),
  version: z.int().check(z.positive()),
  schemaVersion: z.int().check(z.positive()),
  committedAt: z.string(),
  data: z.optional(z.unknown()),
  dataOmitted: z.optional(z.literal(true)),
});

export const SERVER_FRAMES = {
  subscribed: subscribedFrame,
  unsubscribed: unsubscribedFrame,
  view: viewFrame,
  viewChanged: viewChangedFrame,
  viewPatch: viewPatchFrame,
  memberRemoved: memberRemovedFrame,
  commandResult: commandResultFrame,
  pong: pongFrame,
  authenticated: authenticatedFrame,
  tailing: tailingFrame,
  untailed: untailedFrame,
  event: eventFrame,
  error: errorFrame,
} as const;

export type ServerFrameType = keyof typeof SERVER_FRAMES;
