/**
 * What the browser client does when a collection's subscription is answered, so that it holds
 * the whole collection and can resume it without a gap:
 * - a first page with `more`: the rest is listed over REST;
 * - a `reset` (too much changed while away): the whole collection is listed, and members no
 *   longer in it are removed;
 * - a resume (`since`): what changed while away follows, oldest change first, and each frame's
 *   `updatedAt` moves the resume point on as it arrives (collections.ts `advance`), so the point
 *   stays where the frames stopped if the socket drops again halfway.
 * Once whole, the collection resumes from the frame's `position` (and the pushes after it).
 */
import type { View } from './clientTypes';
import type { Collections } from './collections';

/** A collection's `subscribed` frame. */
export interface CollectionSubscribed {
  projection: string;
  filter?: string;
  more: boolean;
  position: string;
  reset?: true;
}

export const collectionSubscribed = async (
  frame: CollectionSubscribed,
  collections: Collections,
  use: {
    /** Lists the collection over REST, page by page; false when a page could not be read. */
    list: (collection: { projection: string; filter?: string }, deliver: (view: View) => void) => Promise<boolean>;
    deliver: (view: View) => void;
  },
): Promise<void> => {
  const { projection, filter } = frame;
  const resumed = collections.resumes(projection, filter) && !frame.reset;
  if (resumed) return;
  if (frame.more || frame.reset) {
    const listed = new Set<string>();
    const whole = await use.list({ projection, ...(filter && { filter }) }, (view) => {
      listed.add(view.key);
      use.deliver(view);
    });
    if (!whole) return; // not listed: no position, so the next resubscribe starts over
    if (frame.reset) collections.sweep(projection, filter, listed);
  }
  collections.heldFrom(projection, filter, frame.position);
};
