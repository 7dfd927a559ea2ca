/**
 * The browser client's live collections: per projection followed as a collection, its members as
 * last delivered (version and data, the base a `viewPatch` applies to) and its listeners. A member
 * frame at or below a version already delivered is dropped, as for single views, and so is one at
 * or below the version at which it left a filtered collection (a page listed before it left).
 */
import type { View } from './clientTypes';

export type MemberListener = (view: View, removed?: boolean) => void;

interface Collection {
  projection: string;
  filter?: string;
  members: Map<string, { version: number; data: unknown }>;
  /** Members that left (memberRemoved), with the version they left at. */
  left: Map<string, number>;
  listeners: Set<MemberListener>;
  /**
   * Where a resubscribe resumes from (`since`): the server's `position` once the collection is
   * whole here, then the newest `updatedAt` pushed to it. None until then: it starts over.
   */
  position?: string;
}

const idOf = (projection: string, filter?: string) => `${projection}\u0000${filter ?? ''}`;

export class Collections {
  private readonly byId = new Map<string, Collection>();

  /** Adds a listener; true when the collection is new (the caller sends `subscribe`). */
  add(projection: string, filter: string | undefined, listener: MemberListener): boolean {
    const id = idOf(projection, filter);
    const existing = this.byId.get(id);
    if (existing) {
      existing.listeners.add(listener);
      return false;
    }
    this.byId.set(id, {
      projection,
      ...(filter && { filter }),
      members: new Map(),
      left: new Map(),
      listeners: new Set([listener]),
    });
    return true;
  }

  /** Removes a listener; true when it was the last (the caller sends `unsubscribe`). */
  remove(projection: string, filter: string | undefined, listener: MemberListener): boolean {
    const id = idOf(projection, filter);
    const collection = this.byId.get(id);
    collection?.listeners.delete(listener);
    if (!collection || collection.listeners.size > 0) return false;
    this.byId.delete(id);
    return true;
  }

  /** The subscribe frames that follow every collection again (after a reconnect). */
  subscribeFrames(): unknown[] {
    return [...this.byId.values()].map(({ projection, filter, position }) => ({
      action: 'subscribe',
      projection,
      patches: true,
      ...(filter && { filter }),
      ...(position && { since: position }),
    }));
  }

  /** Whether the collection's next subscribe resumes (it has a position) rather than starting over. */
  resumes(projection: string, filter: string | undefined): boolean {
    return this.byId.get(idOf(projection, filter))?.position !== undefined;
  }

  /** The collection is whole here from `position` on (its page, and any REST listing, delivered). */
  heldFrom(projection: string, filter: string | undefined, position: string): void {
    const collection = this.byId.get(idOf(projection, filter));
    if (collection) collection.position = position;
  }

  /** A frame written at `updatedAt` reached the collections of its projection that are whole here. */
  advance(projection: string, updatedAt: string): void {
    for (const collection of this.byId.values()) {
      const { position } = collection;
      if (collection.projection === projection && position !== undefined && updatedAt > position) {
        collection.position = updatedAt;
      }
    }
  }

  /**
   * After a `reset` (too much changed while away) and a listing of the whole collection: members
   * neither listed nor pushed since are gone from it, and its listeners are told.
   */
  sweep(projection: string, filter: string | undefined, kept: ReadonlySet<string>): void {
    const collection = this.byId.get(idOf(projection, filter));
    if (!collection) return;
    for (const [key, member] of collection.members) {
      if (kept.has(key)) continue;
      collection.members.delete(key);
      const view = { projection, key, version: member.version, data: member.data };
      for (const listener of collection.listeners) listener(view, true);
    }
  }

  /**
   * What a member is held at, in any collection of its projection: the base for a patch. A member
   * of a followed projection not held yet (past the first page, or pushed before the page came) is
   * held at version 0, without data: its patch cannot apply, so the view is fetched, not dropped.
   */
  held(projection: string, key: string): { version: number; data?: unknown } | undefined {
    let follows = false;
    for (const collection of this.byId.values()) {
      if (collection.projection !== projection) continue;
      follows = true;
      const member = collection.members.get(key);
      if (member) return member;
    }
    return follows ? { version: 0 } : undefined;
  }

  /** A member's new version, to every collection of its projection that has not seen it. */
  deliver(view: View): void {
    for (const collection of this.byId.values()) {
      if (collection.projection !== view.projection) continue;
      // A filtered collection takes the members the server sends it; the whole one takes all.
      const member = collection.members.get(view.key);
      if (member && view.version <= member.version) continue;
      if (view.version <= (collection.left.get(view.key) ?? 0)) continue;
      collection.members.set(view.key, { version: view.version, data: view.data });
      for (const listener of collection.listeners) listener(view);
    }
  }

  /** A member left a filtered collection (`memberRemoved`). */
  removed(frame: { projection: string; key: string; version: number; filter: string }): void {
    const collection = this.byId.get(idOf(frame.projection, frame.filter));
    if (!collection) return;
    collection.left.set(frame.key, Math.max(frame.version, collection.left.get(frame.key) ?? 0));
    const member = collection.members.get(frame.key);
    if (!member || member.version > frame.version) return; // not held, or back in at a later version
    collection.members.delete(frame.key);
    const view = { projection: frame.projection, key: frame.key, version: frame.version, data: member.data };
    for (const listener of collection.listeners) listener(view, true);
  }
}
