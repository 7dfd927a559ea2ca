/**
 * The message that carries one committed event from the event store's stream to the projection
 * queue: one message per event, in its aggregate's FIFO group, deduplicated by stream key and
 * version. An event too large for an SQS message travels without its data; the worker reads it
 * from the event store.
 */

import type { ProjectedEvent } from '#core/projection';
import * as z from '#core/zod';
import type { EventStore } from '#ports/eventStore';

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

/** The event a message carries, its data read from the event store when the message travelled without it. */
export const projectedEventOf = async (message: EventMessage, eventStore: EventStore): Promise<ProjectedEvent> => {
  if (!message.dataOmitted) return toProjectedEvent(message);
  const { events } = await eventStore.read(message.streamKey, { fromVersion: message.version, limit: 1 });
  const stored = events.find((event) => event.version === message.version);
  if (!stored) throw new Error(`Event ${message.streamKey}@${message.version} is not in the event store`);
  return toProjectedEvent(message, stored.data);
};
