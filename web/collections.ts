/**
 * The browser client's live collections: per projection followed as a collection, its members as
 * last delivered (version and data, the base a `viewPatch` applies to) and its listeners. A member
 * frame at or below a version already delivered is dropped, as for single views.
 */
import type { View } from './clientTypes';

export type MemberListener = (view: View, removed?: boolean) => void;

interface Collection {
  projection: string;
  filter?: string;
  members: Map<string, { version: number; data: unknown }>;
  listeners: Set<MemberListener>;
}

const idOf = (projection: string, filter?: string) => `${projection}\u0000${filter ?? ''}`;

export class Collections {
  private readonly followed = new Map<string, Collection>();

  /** Adds a listener; true when the collection is new (the caller sends `subscribe`). */
  add(projection: string, filter: string | undefined, listener: MemberListener): boolean {
    const id = idOf(projection, filter);
    const existing = this.followed.get(id);
    if (existing) {
      existing.listeners.add(listener);
      return false;
    }
    this.followed.set(id, {
      projection,
      ...(filter && { filter }),
      members: new Map(),
      listeners: new Set([listener]),
    });
    return true;
  }

  /** Removes a listener; true when it was the last (the caller sends `unsubscribe`). */
  remove(projection: string, filter: string | undefined, listener: MemberListener): boolean {
    const id = idOf(projection, filter);
    const collection = this.followed.get(id);
    collection?.listeners.delete(listener);
    if (!collection || collection.listeners.size > 0) return false;
    this.followed.delete(id);
    return true;
  }

  /** The subscribe frames that follow every collection again (after a reconnect). */
  subscribeFrames(): unknown[] {
    return [...this.followed.values()].map(({ projection, filter }) => ({
      action: 'subscribe',
      projection,
      patches: true,
      ...(filter && { filter }),
    }));
  }

  /** What a member is held at, in any collection of its projection: the base for a patch. */
  held(projection: string, key: string): { version: number; data: unknown } | undefined {
    for (const collection of this.followed.values()) {
      const member = collection.projection === projection ? collection.members.get(key) : undefined;
      if (member) return member;
    }
    return undefined;
  }

  /** A member's new version, to every collection of its projection that has not seen it. */
  deliver(view: View): void {
    for (const collection of this.followed.values()) {
      if (collection.projection !== view.projection) continue;
      // A filtered collection takes the members the server sends it; the whole one takes all.
      const member = collection.members.get(view.key);
      if (member && view.version <= member.version) continue;
      collection.members.set(view.key, { version: view.version, data: view.data });
      for (const listener of collection.listeners) listener(view);
    }
  }

  /** A member left a filtered collection (`memberRemoved`). */
  removed(frame: { projection: string; key: string; version: number; filter: string }): void {
    const collection = this.followed.get(idOf(frame.projection, frame.filter));
    const member = collection?.members.get(frame.key);
    if (!collection || !member) return;
    collection.members.delete(frame.key);
    const view = { projection: frame.projection, key: frame.key, version: frame.version, data: member.data };
    for (const listener of collection.listeners) listener(view, true);
  }
}
