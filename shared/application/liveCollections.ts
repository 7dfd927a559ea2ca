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
import type { ReadModelStore } from '#ports/readModelStore';
import type { ViewChange } from './viewChanges';

/** The views a collection subscription is answered with at once (the rest are listed over REST). */
export const COLLECTION_FIRST_PAGE = 50;

export interface CollectionFilter {
  field: string;
  value: string;
}

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

/** Sent to a collection's subscribers when a member's filter value changed away from theirs. */
export interface MemberRemovedFrame {
  type: 'memberRemoved';
  projection: string;
  key: string;
  version: number;
  filter: string;
}

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

/**
 * Registers a collection's subscription (every view of the projection, or those with a filter
 * value), then reads its first page: as for one view, the subscription is stored before the read,
 * so no change falls between them (a member may come twice; its version tells the client). `more`
 * when the collection goes on: the client lists the rest over REST.
 */
export const subscribeCollection = async <Frame>(
  deps: CollectionDeps,
  connection: Connection,
  request: { projection: string; filter?: string; patches?: boolean },
  use: {
    frameOf: (change: { projection: string; key: string; version: number; data: unknown }) => Frame;
    expiresAt: number;
  },
): Promise<{ frames: Frame[]; more: boolean }> => {
  const projection = deps.projections.require(request.projection);
  const filter = parseCollectionFilter(projection, request.filter);
  const { connectionId, context, tokenExpiresAt } = connection;
  const subscription = {
    connectionId,
    context,
    projection: projection.name,
    key: collectionKeyOf(filter),
    ...(request.patches && { patches: true }),
  };
  await deps.registry.subscribe(
    { ...subscription, ...(tokenExpiresAt !== undefined && { tokenExpiresAt }) },
    use.expiresAt,
  );
  const target = (await deps.readTarget?.(context, projection.name)) ?? projection.name;
  const slot = filter ? (projection.index?.filters ?? []).indexOf(filter.field) : -1;
  const page = await deps.views.page(context, target, {
    limit: COLLECTION_FIRST_PAGE,
    ...(filter && { index: { filter: { slot, value: filter.value } } }),
  });
  const frames = page.views.map((view) =>
    use.frameOf({ projection: projection.name, key: view.key, version: view.version, data: view.data }),
  );
  return { frames, more: page.next !== undefined };
};

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
