/**
 * The message that carries one committed event from the event store's stream to the projection
 * queue: one message per event, in its aggregate's FIFO group, deduplicated by stream key and
 * version. An event too large for an SQS message travels without its data; the worker reads it
 * from the event store.
 */

import type { ProjectedEvent } from '#core/projection';
import type { Upcast } from '#core/upcasting';
import * as z from '#core/zod';
import type { EventStore } from '#ports/eventStore';

export const eventMessageSchema = z.strictObject({
  streamKey: z.string().check(z.minLength(1)),
  context: z.string().check(z.minLength(1)),
  aggregateType: z.string().check(z.minLength(1)),
  aggregateId: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  version: z.int().check(z.positive()),
  /** The shape `data` is in, as stored; messages sent before versions were stored have none: 1. */
  schemaVersion: z._default(z.int().check(z.positive()), 1),
  committedAt: z.string(),
  data: z.optional(z.unknown()),
  dataOmitted: z.optional(z.literal(true)),
});

/** A message as sent (`schemaVersion` may be left out) and as parsed (it is always there). */
export type EventMessage = z.input<typeof eventMessageSchema>;

/**
 * The event a message carries, as projections and processes see it: in its type's newest shape,
 * whatever shape it was stored in (`upcast` is the domain's: `domain.upcast`).
 */
export const toProjectedEvent = (message: EventMessage, upcast: Upcast): ProjectedEvent => {
  const { type, schemaVersion, data } = message;
  const newest = upcast(message.aggregateType, { type, schemaVersion, data });
  return {
    streamKey: message.streamKey,
    context: message.context,
    aggregateType: message.aggregateType,
    aggregateId: message.aggregateId,
    type: newest.type,
    version: message.version,
    data: newest.data,
  };
};

/**
 * The event a message carries, upcast (see toProjectedEvent); its data (and the shape it is in)
 * read from the event store when the message travelled without it.
 */
export const projectedEventOf = async (
  message: EventMessage,
  eventStore: EventStore,
  upcast: Upcast,
): Promise<ProjectedEvent> => {
  if (!message.dataOmitted) return toProjectedEvent(message, upcast);
  const { events } = await eventStore.read(message.streamKey, { fromVersion: message.version, limit: 1 });
  const stored = events.find((event) => event.version === message.version);
  if (!stored) throw new Error(`Event ${message.streamKey}@${message.version} is not in the event store`);
  return toProjectedEvent({ ...message, schemaVersion: stored.schemaVersion, data: stored.data }, upcast);
};
