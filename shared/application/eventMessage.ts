/**
 * The message that carries one committed event from the event store's stream to the projection
 * queue: one message per event, in its aggregate's FIFO group, deduplicated by stream key and
 * version. An event too large for an SQS message travels without its data; the worker reads it
 * from the event store.
 */

import type { ProjectedEvent } from '../core/projection';
import * as z from '../core/zod';

export const eventMessageSchema = z.strictObject({
  streamKey: z.string().check(z.minLength(1)),
  context: z.string().check(z.minLength(1)),
  aggregateType: z.string().check(z.minLength(1)),
  aggregateId: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  version: z.int().check(z.positive()),
  committedAt: z.string(),
  data: z.optional(z.unknown()),
  dataOmitted: z.optional(z.literal(true)),
});

export type EventMessage = z.infer<typeof eventMessageSchema>;

export const toProjectedEvent = (message: EventMessage, data: unknown = message.data): ProjectedEvent => ({
  streamKey: message.streamKey,
  context: message.context,
  aggregateType: message.aggregateType,
  aggregateId: message.aggregateId,
  type: message.type,
  version: message.version,
  data,
});
