/**
 * Live collections: a socket subscribed to a projection's collection (all its views, or those
 * with one filter field's value) is pushed every member change. They use the registry's
 * subscriptions as single views do, under a key no view can have (view keys never hold `*`):
 * `*` for the whole collection, `*<field>=<value>` for a filter. A view whose filter value
 * changes leaves the old value's collection: its subscribers get `memberRemoved`.
 */
import { ValidationError } from '#core/errors';
import type { Projection, ProjectionRegistry } from '#core/projection';
import type { Connection, ConnectionRegistry, Subscriber } from '#ports/connectionRegistry';
import type { ReadModelStore, StoredView } from '#ports/readModelStore';
import type { CollectionFilter, MemberRemovedFrame } from './collectionFrames';
import { changedWhileAway } from './collectionResume';

export type { CollectionFilter, MemberRemovedFrame } from './collectionFrames';

import type { ViewChange } from './viewChanges';

/** The views a collection subscription is answered with at once (the rest are listed over REST). */
export const COLLECTION_FIRST_PAGE = 50;

/** A collection's subscription key: `*`, or `*field=value`. */
export const collectionKeyOf = (filter?: CollectionFilter): string =>
  filter ? `*${filter.field}=${filter.value}` : '*';

/** `field:value`, a filter field the projection declares, or VALIDATION_FAILED naming what it can be. */
export const parseCollectionFilter = (
  projection: Projection,
  raw: string | undefined,
): CollectionFilter | undefined => {
  if (raw === undefined) return undefined;
  const at = raw.indexOf(':');
  const field = at > 0 ? raw.slice(0, at) : '';
  const declared = projection.index?.filters ?? [];
  if (!declared.includes(field) || at === raw.length - 1) {
    throw new ValidationError('Invalid filter', [
      { path: 'filter', message: `field:value, by ${declared.join(', ') || 'no field'} for '${projection.name}'` },
    ]);
  }
  return { field, value: raw.slice(at + 1) };
};

/**
 * Who is pushed a change: the view's own subscribers and its collections' (the whole one, and
 * the one of each filter value it has), each connection once; and who is told it left: the
 * subscribers of a filter value it had before and has no longer, unless they get it anyway.
 */
export const recipientsOf = async (
  registry: ConnectionRegistry,
  projection: Projection | undefined,
  change: ViewChange,
): Promise<{ members: Subscriber[]; leaving: { subscriber: Subscriber; frame: MemberRemovedFrame }[] }> => {
  const { context, key } = change;
  const subscribers = (subscriptionKey: string) => registry.subscribers(context, change.projection, subscriptionKey);
  const fields = projection?.index?.filters ?? [];
  const now = fields.flatMap((field, slot) => {
    const value = change.index?.filters[slot];
    return value === undefined ? [] : [{ field, value }];
  });
  const before = fields.flatMap((field, slot) => {
    const value = change.previousIndex?.filters[slot];
    return value === undefined || value === change.index?.filters[slot] ? [] : [{ field, value }];
  });
  const lists = await Promise.all([key, '*', ...now.map(collectionKeyOf)].map(subscribers));
  const members = new Map<string, Subscriber>();
  for (const subscriber of lists.flat())
    if (!members.has(subscriber.connectionId)) members.set(subscriber.connectionId, subscriber);
  const leaving: { subscriber: Subscriber; frame: MemberRemovedFrame }[] = [];
  for (const filter of before) {
    const frame: MemberRemovedFrame = {
      type: 'memberRemoved',
      projection: change.projection,
      key,
      version: change.version,
      filter: `${filter.field}:${filter.value}`,
      updatedAt: change.updatedAt,
    };
    for (const subscriber of await subscribers(collectionKeyOf(filter))) {
      if (!members.has(subscriber.connectionId)) leaving.push({ subscriber, frame });
    }
  }
  return { members: [...members.values()], leaving };
};

export interface CollectionDeps {
  registry: ConnectionRegistry;
  views: ReadModelStore;
  projections: ProjectionRegistry;
  readTarget?: (context: string, projection: string) => Promise<string>;
}

/** What a collection's subscription is answered with (collectionResume.ts for `since` and `reset`). */
export interface CollectionAnswer<Frame> {
  frames: (Frame | MemberRemovedFrame)[];
  more: boolean;
  /** The time from which every change is pushed to this subscription: taken before it was stored. */
  position: string;
  reset?: true;
}

/**
 * Registers a collection's subscription (every view of the projection, or those with a filter
 * value), then reads its first page: as for one view, the subscription is stored before the read,
 * so no change falls between them (a member may come twice; its version tells the client). `more`
 * when the collection goes on: the client lists the rest over REST. With `since`, a client that
 * comes back is sent what changed while it was away instead (collectionResume.ts).
 */
export const subscribeCollection = async <Frame>(
  deps: CollectionDeps,
  connection: Connection,
  request: { projection: string; filter?: string; patches?: boolean; since?: string },
  use: {
    frameOf: (change: { projection: string; key: string; version: number; data: unknown; updatedAt: string }) => Frame;
    expiresAt: number;
    now: Date;
  },
): Promise<CollectionAnswer<Frame>> => {
  const position = use.now.toISOString();
  const projection = deps.projections.require(request.projection);
  const filter = parseCollectionFilter(projection, request.filter);
  const { connectionId, context, tokenExpiresAt, endpoint } = connection;
  const subscription = {
    connectionId,
    context,
    projection: projection.name,
    key: collectionKeyOf(filter),
    ...(request.patches && { patches: true }),
  };
  await deps.registry.subscribe(
    {
      ...subscription,
      ...(tokenExpiresAt !== undefined && { tokenExpiresAt }),
      ...(endpoint !== undefined && { endpoint }),
    },
    use.expiresAt,
  );
  const target = (await deps.readTarget?.(context, projection.name)) ?? projection.name;
  const frameOf = (view: StoredView) =>
    use.frameOf({ projection: projection.name, ...pick(view, 'key', 'version', 'data', 'updatedAt') });
  if (request.since !== undefined) {
    const missed = await changedWhileAway(deps.views, { context, target, projection, filter, since: request.since });
    if (missed) return { frames: missed.map((view) => ('type' in view ? view : frameOf(view))), more: false, position };
  }
  const slot = filter ? (projection.index?.filters ?? []).indexOf(filter.field) : -1;
  const page = await deps.views.page(context, target, {
    limit: COLLECTION_FIRST_PAGE,
    ...(filter && { index: { filter: { slot, value: filter.value } } }),
  });
  const frames = page.views.map(frameOf);
  return { frames, more: page.next !== undefined, position, ...(request.since !== undefined && { reset: true }) };
};

const pick = <T, K extends keyof T>(value: T, ...keys: K[]): Pick<T, K> =>
  Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;

export const unsubscribeCollection = async (
  deps: CollectionDeps,
  connection: Connection,
  request: { projection: string; filter?: string },
): Promise<void> => {
  const projection = deps.projections.require(request.projection);
  const key = collectionKeyOf(parseCollectionFilter(projection, request.filter));
  await deps.registry.unsubscribe({
    connectionId: connection.connectionId,
    context: connection.context,
    projection: projection.name,
    key,
  });
};
