/** The browser client's collection resume points: set once whole, moved by pushes, kept on a resume. */
import { describe, expect, it } from 'vitest';
import type { View } from '../../web/clientTypes';
import { collectionSubscribed } from '../../web/collectionSync';
import { Collections } from '../../web/collections';

const T = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const view = (key: string, version: number): View => ({ projection: 'lists', key, version, data: { key } });

const setup = () => {
  const collections = new Collections();
  const seen: { key: string; removed: boolean }[] = [];
  collections.add('lists', undefined, (member, removed) => seen.push({ key: member.key, removed: removed === true }));
  const listings: string[][] = [];
  const listing = (keys: string[]) => ({
    list: async (_collection: unknown, deliver: (view: View) => void) => {
      listings.push(keys);
      for (const key of keys) deliver(view(key, 1));
      return true;
    },
    deliver: (member: View) => collections.deliver(member),
  });
  const since = () => (collections.subscribeFrames()[0] as { since?: string }).since;
  return { collections, seen, listings, listing, since };
};

describe('a collection in the browser client', () => {
  it('starts over until it is whole, then resumes from its position, moved on by what is pushed', async () => {
    const { collections, listings, listing, since } = setup();
    expect(since()).toBeUndefined();
    await collectionSubscribed({ projection: 'lists', more: true, position: T(10) }, collections, listing(['a', 'b']));
    expect(listings).toEqual([['a', 'b']]);
    expect(since()).toBe(T(10));
    collections.advance('lists', T(12));
    collections.advance('lists', T(11)); // pushed out of order: the newest stays
    collections.advance('other', T(30));
    expect(since()).toBe(T(12));
  });

  it('keeps its resume point on a resume (the frames after it move it), and lists nothing', async () => {
    const { collections, listings, listing, since } = setup();
    await collectionSubscribed({ projection: 'lists', more: false, position: T(10) }, collections, listing([]));
    await collectionSubscribed({ projection: 'lists', more: false, position: T(50) }, collections, listing(['x']));
    expect(listings).toEqual([]);
    expect(since()).toBe(T(10));
  });

  it('after a reset lists the whole collection and removes the members no longer in it', async () => {
    const { collections, seen, listing, since } = setup();
    await collectionSubscribed(
      { projection: 'lists', more: true, position: T(10) },
      collections,
      listing(['a', 'b', 'c']),
    );
    seen.length = 0;
    await collectionSubscribed(
      { projection: 'lists', more: false, position: T(40), reset: true },
      collections,
      listing(['a', 'c']),
    );
    expect(seen).toEqual([{ key: 'b', removed: true }]);
    expect(since()).toBe(T(40));
  });

  it('starts over next time if a listing fails', async () => {
    const { collections, since } = setup();
    const failing = { list: async () => false, deliver: () => {} };
    await collectionSubscribed({ projection: 'lists', more: true, position: T(10) }, collections, failing);
    expect(since()).toBeUndefined();
  });
});
