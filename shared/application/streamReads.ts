/**
 * Reading a stream back from the event store, page by page, as projections and processes see its
 * events (in their newest shape): the whole of it for a rebuild, or the part a delivery skipped.
 */
import { parseStreamKey } from '#core/ids';
import type { ProjectedEvent } from '#core/projection';
import type { Upcast } from '#core/upcasting';
import type { EventStore } from '#ports/eventStore';
import { toProjected } from './viewChanges';

const PAGE = 1000;

/** Every event of the stream, in order. */
export const readWholeStream = async (
  eventStore: EventStore,
  streamKey: string,
  upcast: Upcast,
): Promise<ProjectedEvent[]> => {
  const address = parseStreamKey(streamKey);
  const history: ProjectedEvent[] = [];
  for (let from = 1; ; ) {
    const { events, hasMore } = await eventStore.read(streamKey, { fromVersion: from, limit: PAGE });
    for (const stored of events) history.push(toProjected(address, streamKey, stored, upcast));
    if (!hasMore || events.length === 0) return history;
    from = (events.at(-1)?.version ?? from) + 1;
  }
};

/**
 * The events of `event`'s stream after version `last` and before `event`: what a delivery further
 * ahead than the next one skipped. Throws unless the store holds every one of them (a reader may
 * not skip an event).
 */
export const readSkipped = async (
  eventStore: EventStore,
  event: ProjectedEvent,
  last: number,
  upcast: Upcast,
): Promise<ProjectedEvent[]> => {
  const address = parseStreamKey(event.streamKey);
  const missing: ProjectedEvent[] = [];
  for (let from = last + 1; from < event.version; ) {
    const { events } = await eventStore.read(event.streamKey, { fromVersion: from, limit: PAGE });
    if (events.length === 0) break;
    for (const stored of events) {
      if (stored.version < event.version) missing.push(toProjected(address, event.streamKey, stored, upcast));
    }
    from = (events.at(-1)?.version ?? from) + 1;
  }
  if (missing.length !== event.version - last - 1) {
    throw new Error(
      `Cannot heal ${event.streamKey}: the store holds ${missing.length} of versions ${last + 1}..${event.version - 1}`,
    );
  }
  return missing;
};
