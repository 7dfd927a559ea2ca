import type { parseStreamKey } from '#core/ids';
import type { ProjectedEvent, Projection } from '#core/projection';
import type { Upcast } from '#core/upcasting';
import type { ViewIndex } from '#core/viewIndex';
import type { StoredEvent } from '#ports/eventStore';
import type { StoredView } from '#ports/readModelStore';

/** A view an event changed, as the live push sends it (under the projection's name, whatever the generation). */
export interface ViewChange {
  context: string;
  projection: string;
  key: string;
  version: number;
  data: unknown;
  /** When the view was written (the writer's clock): where a collection's subscriber is resumed from. */
  updatedAt?: string;
  /** What the view is indexed under now, and was before this change (live collections: viewIndex.ts). */
  index?: ViewIndex;
  previousIndex?: ViewIndex;
  /**
   * The view this change was folded onto, when it was written now: the push sends a patch from it
   * (computed once per change, not per subscriber). None for a new view, and for a change reported
   * again (a redelivery found the view current: what came before is not known).
   */
  previous?: { version: number; data: unknown };
}

/** A stored view as the change that the live push sends; with the view it was folded onto, if any. */
export const changeOf = (projection: Projection, key: string, view: StoredView, previous?: StoredView): ViewChange => ({
  context: view.context,
  projection: projection.name,
  key,
  version: view.version,
  data: view.data,
  updatedAt: view.updatedAt,
  ...(view.index && { index: view.index }),
  ...(previous?.index && { previousIndex: previous.index }),
  ...(previous && { previous: { version: previous.version, data: previous.data } }),
});

/**
 * A stored event of a stream as projections and processes see it: in its type's newest shape
 * (`upcast` is the domain's: `domain.upcast`), whatever shape it was stored in.
 */
export const toProjected = (
  address: ReturnType<typeof parseStreamKey>,
  streamKey: string,
  stored: StoredEvent,
  upcast: Upcast,
): ProjectedEvent => {
  const { type, data } = upcast(address.aggregateType, stored);
  return { ...address, streamKey, type, version: stored.version, data };
};
