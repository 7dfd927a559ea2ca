/** How the browser client turns a pushed frame it cannot deliver as is into a view: patch or fetch. */
import type { View } from './clientTypes';
import { applyPatch, type PatchOperation } from './jsonPatch';

/** A `viewPatch` frame: `patch` turns the view at `baseVersion` into the view at `version`. */
export interface ViewPatchFrame {
  projection: string;
  key: string;
  baseVersion: number;
  version: number;
  patch: PatchOperation[];
}

/**
 * The patched view if the client holds the patch's base; undefined on a gap (it holds another
 * version, none, or the patch does not apply), when the caller fetches the view instead.
 */
const patchedView = (held: Held, frame: ViewPatchFrame) => {
  if (!held || !('data' in held) || held.version !== frame.baseVersion || !Array.isArray(frame.patch)) return undefined;
  try {
    const data = applyPatch(held.data, frame.patch);
    return { projection: frame.projection, key: frame.key, version: frame.version, data } satisfies View;
  } catch {
    return undefined;
  }
};

/** The view from the REST API, as for `viewChanged`: undefined if it cannot be read now. */
export const fetchView = async (
  at: { baseUrl: string; context: string; token: string | undefined },
  projection: string,
  key: string,
): Promise<View | undefined> => {
  const url = `${at.baseUrl}/v1/${at.context}/views/${projection}/${key}`;
  const headers: Record<string, string> = at.token ? { authorization: `Bearer ${at.token}` } : {};
  const response = await fetch(url, { headers });
  if (!response.ok) return undefined;
  return { projection, key, ...((await response.json()) as { version: number; data: unknown }) };
};

/**
 * Every view of a collection (`filter`: those with that value) over REST, page by page, each given
 * to `deliver`: the socket answers a collection's subscription with its first page only. False
 * when a page could not be read (the rest is then left to the pushes).
 */
export const listViews = async (
  at: { baseUrl: string; context: string; token: string | undefined },
  collection: { projection: string; filter?: string },
  deliver: (view: View) => void,
): Promise<boolean> => {
  const { projection, filter } = collection;
  const headers: Record<string, string> = at.token ? { authorization: `Bearer ${at.token}` } : {};
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '100', ...(filter && { filter }), ...(cursor && { cursor }) });
    const url = `${at.baseUrl}/v1/${at.context}/views/${projection}?${query}`;
    const response = await fetch(url, { headers }).catch(() => undefined);
    if (!response?.ok) return false;
    const page = (await response.json()) as { items: Omit<View, 'projection'>[]; nextCursor?: string };
    for (const item of page.items) deliver({ projection, ...item });
    cursor = page.nextCursor;
  } while (cursor);
  return true;
};

/** The client's subscription: the version it delivered last, and that view's data (none before the first). */
type Held = { version: number; data?: unknown } | undefined;

/**
 * The view a `viewPatch` or `viewChanged` frame stands for: a patch applied to the view held at
 * its base; on a gap, or for `viewChanged`, the view fetched. Undefined if there is nothing new.
 */
export const viewOfFrame = async (
  frame: { type: string; [field: string]: unknown },
  held: Held,
  fetchOne: (projection: string, key: string) => Promise<View | undefined>,
): Promise<View | undefined> => {
  const { projection, key, version } = frame as unknown as View;
  if (!held || version <= held.version) return undefined; // not subscribed, or seen already
  const patched = frame.type === 'viewPatch' ? patchedView(held, frame as unknown as ViewPatchFrame) : undefined;
  return patched ?? (await fetchOne(projection, key));
};
