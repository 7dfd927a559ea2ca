/**
 * Resuming a live collection: a client that comes back sends `since` (the `position` of its last
 * `subscribed` frame, or the newest `updatedAt` it was pushed since), and is sent the members
 * written from a little before then instead of the first page. The margin covers what a time
 * cannot say exactly: writers' clocks that differ a little, and pushes still in flight when the
 * connection dropped. A member sent again carries a version the client has, which it drops.
 */
import type { Projection } from '#core/projection';
import type { ReadModelStore, StoredView } from '#ports/readModelStore';
import type { CollectionFilter, MemberRemovedFrame } from './collectionFrames';

/** How far before `since` a resume reads: clock differences between writers, pushes in flight. */
export const RESUME_MARGIN_MS = 5_000;

/** The most members a resume sends; with more changed it starts over from the first page (`reset`). */
export const RESUME_MAX_MEMBERS = 100;

/**
 * The members changed since `since` (less the margin), oldest change first, as views; for a
 * filtered collection, a member whose value is no longer the filter's as `memberRemoved`. None
 * when more than RESUME_MAX_MEMBERS changed: the caller sends the first page instead.
 */
export const changedWhileAway = async (
  views: ReadModelStore,
  at: { context: string; target: string; projection: Projection; filter?: CollectionFilter; since: string },
): Promise<(StoredView | MemberRemovedFrame)[] | undefined> => {
  const from = new Date(Date.parse(at.since) - RESUME_MARGIN_MS).toISOString();
  const page = await views.changedSince(at.context, at.target, { since: from, limit: RESUME_MAX_MEMBERS + 1 });
  if (page.next !== undefined || page.views.length > RESUME_MAX_MEMBERS) return undefined;
  const { filter } = at;
  if (!filter) return page.views;
  const slot = (at.projection.index?.filters ?? []).indexOf(filter.field);
  return page.views.map((view) =>
    view.index?.filters[slot] === filter.value
      ? view
      : {
          type: 'memberRemoved',
          projection: at.projection.name,
          key: view.key,
          version: view.version,
          filter: `${filter.field}:${filter.value}`,
          updatedAt: view.updatedAt,
        },
  );
};
