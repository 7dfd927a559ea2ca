/**
 * `GET /v1/{context}/views/{projection}?limit=&cursor=&prefix=`: a projection's views in key
 * order, a page at a time: `{items: [{key, version, data}], nextCursor?}`. For a projection that
 * declares an index: `filter=<field>:<value>` (one of its filter fields) and `sort=<field>` (its
 * sort field), `order=asc|desc`, in the index's order (the sort field, then the key). With
 * `member=<key>&minVersion=N`, read-your-writes for a list: the page is read once that member's
 * view has reached N (the version a command on its aggregate answered), or 409 VIEW_NOT_READY.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ValidationError } from '#core/errors';
import { ID_PATTERN } from '#core/ids';
import type { Projection } from '#core/projection';
import { intParam } from '#http/request';
import type { PageQuery, ReadModelStore, StoredView } from '#ports/readModelStore';
import { decodeCursor, encodeCursor } from './viewCursor';

/** A page holds at most this many views (and this many by default, fewer with `limit`). */
export const MAX_PAGE = 100;
const DEFAULT_PAGE = 50;
const PREFIX_PATTERN = /^[A-Za-z0-9_.:@-]{1,64}$/;

export const viewBody = (view: StoredView) => ({ key: view.key, version: view.version, data: view.data });

const stringParam = (event: APIGatewayProxyEvent, name: string, pattern: RegExp, what: string) => {
  const raw = event.queryStringParameters?.[name] ?? undefined;
  if (raw === undefined || raw === null) return undefined;
  if (!pattern.test(raw)) throw new ValidationError(`Invalid ${name}`, [{ path: name, message: what }]);
  return raw;
};

export interface CollectionRequest {
  limit: number;
  prefix?: string;
  after?: string;
  /** In the projection's index order, filtered by one field's value or not. */
  index?: PageQuery['index'];
  /** What the cursor is bound to besides the projection: the listing's parameters. */
  scope: string;
  /** Read-your-writes: the member whose view must have reached `minVersion` first. */
  member?: { key: string; minVersion: number };
}

const refuse = (path: string, message: string, title = `Invalid ${path}`) =>
  new ValidationError(title, [{ path, message }]);

/** `filter`, `sort` and `order`, checked against what the projection's index declares. */
const indexRequest = (event: APIGatewayProxyEvent, projection: Projection): PageQuery['index'] | undefined => {
  const declared = projection.index;
  const filter = stringParam(event, 'filter', /^[A-Za-z0-9_]{1,64}:.{1,200}$/s, 'field:value');
  const sort = stringParam(event, 'sort', /^[A-Za-z0-9_]{1,64}$/, 'a field name');
  const order = stringParam(event, 'order', /^(asc|desc)$/, "'asc' or 'desc'");
  if (filter === undefined && sort === undefined) {
    if (order !== undefined) throw refuse('order', 'order applies to a sorted or filtered list: give sort or filter');
    return undefined;
  }
  const filters = declared?.filters ?? [];
  let slot: number | undefined;
  let value = '';
  if (filter !== undefined) {
    const field = filter.slice(0, filter.indexOf(':'));
    value = filter.slice(field.length + 1);
    slot = filters.indexOf(field);
    if (slot < 0) throw refuse('filter', `'${projection.name}' can be filtered by ${filters.join(', ') || 'no field'}`);
  }
  if (sort !== undefined && sort !== declared?.sort) {
    throw refuse('sort', `'${projection.name}' can be sorted by ${declared?.sort ?? 'no field'}`);
  }
  return {
    ...(slot !== undefined && { filter: { slot, value } }),
    ...(order === 'desc' && { descending: true }),
  };
};

/** The request's query parameters, each checked: a bad one is a 400 naming it, before any read. */
export const collectionRequest = (event: APIGatewayProxyEvent, projection: Projection): CollectionRequest => {
  const limit = intParam(event, 'limit', DEFAULT_PAGE, { min: 1, max: MAX_PAGE });
  const prefix = stringParam(event, 'prefix', PREFIX_PATTERN, "1-64 characters of letters, digits and '_ - . : @'");
  const index = indexRequest(event, projection);
  if (prefix !== undefined && index) {
    throw refuse('prefix', 'prefix lists by key: it does not combine with filter or sort');
  }
  const q = event.queryStringParameters ?? {};
  const scope = JSON.stringify([prefix ?? '', q.filter ?? '', q.sort ?? '', q.order ?? '']);
  const cursor = stringParam(event, 'cursor', /^.{1,2048}$/s, 'a nextCursor from a previous page');
  const after = cursor === undefined ? undefined : decodeCursor(cursor, { projection: projection.name, prefix: scope });
  const key = stringParam(event, 'member', ID_PATTERN, 'a view key: 1-64 characters');
  const minVersion = intParam(event, 'minVersion', 0, { min: 0, max: Number.MAX_SAFE_INTEGER });
  if (minVersion > 0 && key === undefined) {
    throw refuse(
      'member',
      'give member=<key> with minVersion',
      'minVersion on a collection needs the member it is about',
    );
  }
  return {
    limit,
    scope,
    ...(prefix !== undefined && { prefix }),
    ...(after !== undefined && { after }),
    ...(index && { index }),
    ...(key !== undefined && minVersion > 0 && { member: { key, minVersion } }),
  };
};

/** One page of views from the stored name `target`, and the cursor of the next. */
export const readCollection = async (
  views: ReadModelStore,
  scope: { context: string; projection: string; target: string },
  request: CollectionRequest,
) => {
  const page = await views.page(scope.context, scope.target, {
    limit: request.limit,
    ...(request.prefix !== undefined && { prefix: request.prefix }),
    ...(request.after !== undefined && { after: request.after }),
    ...(request.index && { index: request.index }),
  });
  const cursorScope = { projection: scope.projection, prefix: request.scope };
  return {
    items: page.views.map(viewBody),
    ...(page.next !== undefined && { nextCursor: encodeCursor(cursorScope, page.next) }),
  };
};
