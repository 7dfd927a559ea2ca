import type { ViewIndex } from '#core/viewIndex';

/**
 * The read-model store port: views by (context, projection, key), each written under an optimistic
 * lock on its `revision`, and carrying, per source stream, the last aggregate version folded in
 * (the guard that makes a duplicate or late event a no-op).
 */
export interface StoredView {
  context: string;
  /** The projection's name, or `name@generation` for a rebuild in progress. */
  projection: string;
  key: string;
  /** What clients see as the view's version (and ETag): see `Projection.versioning`. */
  version: number;
  /** Writes so far; the optimistic-lock token. */
  revision: number;
  /** streamKey → last version folded in. */
  sources: Record<string, number>;
  data: unknown;
  updatedAt: string;
  /** What the view is indexed under, when its projection declares an index. */
  index?: ViewIndex;
}

export interface ReadModelStore {
  get(context: string, projection: string, key: string): Promise<StoredView | undefined>;
  /**
   * Stores the view if the stored revision is still `expectedRevision` (0: the view must not
   * exist yet); throws ViewConflictError otherwise.
   */
  put(view: StoredView, expectedRevision: number): Promise<void>;
  /** Every view of one projection in a context, for rebuilds and tools; paginated by the store. */
  list(context: string, projection: string): AsyncIterable<StoredView>;
  /**
   * One page of a projection's views in a context, in key order (the keys' UTF-8 bytes, as
   * DynamoDB orders sort keys): at most `limit`, keys starting with `prefix` (all without it), after
   * the key `after` (from the start without it). `next` is the page's last key when more follow.
   */
  page(context: string, projection: string, query: PageQuery): Promise<ViewPage>;
  /**
   * One page of a projection's views changed at or after `since` (an ISO 8601 time, compared with
   * `updatedAt`), oldest change first: what a collection's subscriber missed while it was away.
   * `next` (opaque) when more follow: the next page's `after`.
   */
  changedSince(context: string, projection: string, query: ChangedSinceQuery): Promise<ViewPage>;
}

export interface ChangedSinceQuery {
  since: string;
  limit: number;
  after?: string;
}

/** A position in change order (`updatedAt`, then key), as `changedSince` pages hand it out. */
export const changePositionOf = (view: Pick<StoredView, 'updatedAt' | 'key'>): string =>
  JSON.stringify([view.updatedAt, view.key]);

/** The `updatedAt` and key of a position from `changePositionOf`, or undefined for anything else. */
export const parseChangePosition = (position: string): { updatedAt: string; key: string } | undefined => {
  try {
    const parsed: unknown = JSON.parse(position);
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [updatedAt, key] = parsed;
    return typeof updatedAt === 'string' && typeof key === 'string' ? { updatedAt, key } : undefined;
  } catch {
    return undefined;
  }
};

export interface PageQuery {
  limit: number;
  /** By key (without `index`): keys starting with this. */
  prefix?: string;
  /** Where the previous page ended: its `next`. */
  after?: string;
  /**
   * In index order instead of key order: all the projection's views by their sort position
   * (`filter` absent), or those whose value of the filter field at `filter.slot` is `filter.value`.
   */
  index?: { filter?: { slot: number; value: string }; descending?: boolean };
}

export interface ViewPage {
  views: StoredView[];
  /** Where this page ended (its last key, or sort position), when views follow: the next page's `after`. */
  next?: string;
}

export class ViewConflictError extends Error {
  override readonly name = 'ViewConflictError';
  constructor(
    readonly projection: string,
    readonly key: string,
    readonly expectedRevision: number,
  ) {
    super(`View ${projection}/${key} is no longer at revision ${expectedRevision}`);
  }
}
