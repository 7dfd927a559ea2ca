/**
 * `GET /v1/{context}/views/{projection}?limit=&cursor=&prefix=`: a projection's views in key
 * order, a page at a time: `{items: [{key, version, data}], nextCursor?}`. With
 * `member=<key>&minVersion=N`, read-your-writes for a list: the page is read once that member's
 * view has reached N (the version a command on its aggregate answered), or 409 VIEW_NOT_READY.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ValidationError } from '#core/errors';
import { ID_PATTERN } from '#core/ids';
import { intParam } from '#http/request';
import type { ReadModelStore, StoredView } from '#ports/readModelStore';
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
  /** Read-your-writes: the member whose view must have reached `minVersion` first. */
  member?: { key: string; minVersion: number };
}

/** The request's query parameters, each checked: a bad one is a 400 naming it, before any read. */
export const collectionRequest = (event: APIGatewayProxyEvent, projection: string): CollectionRequest => {
  const limit = intParam(event, 'limit', DEFAULT_PAGE, { min: 1, max: MAX_PAGE });
  const prefix = stringParam(event, 'prefix', PREFIX_PATTERN, "1-64 characters of letters, digits and '_ - . : @'");
  const cursor = stringParam(event, 'cursor', /^.{1,1024}$/s, 'a nextCursor from a previous page');
  const after = cursor === undefined ? undefined : decodeCursor(cursor, { projection, prefix: prefix ?? '' });
  const key = stringParam(event, 'member', ID_PATTERN, 'a view key: 1-64 characters');
  const minVersion = intParam(event, 'minVersion', 0, { min: 0, max: Number.MAX_SAFE_INTEGER });
  if (minVersion > 0 && key === undefined) {
    throw new ValidationError('minVersion on a collection needs the member it is about', [
      { path: 'member', message: 'give member=<key> with minVersion' },
    ]);
  }
  return {
    limit,
    ...(prefix !== undefined && { prefix }),
    ...(after !== undefined && { after }),
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
  });
  const cursorScope = { projection: scope.projection, prefix: request.prefix ?? '' };
  return {
    items: page.views.map(viewBody),
    ...(page.next !== undefined && { nextCursor: encodeCursor(cursorScope, page.next) }),
  };
};
