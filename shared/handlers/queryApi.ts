import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { requireServedContext } from '#application/contextGates';
import { CairnError, NotFoundError, ValidationError } from '#core/errors';
import { ID_PATTERN } from '#core/ids';
import type { ProjectionRegistry } from '#core/projection';
import { type Authenticator, authorize } from '#http/authorize';
import { requireMethod } from '#http/methods';
import { intParam, pathSegments } from '#http/request';
import { errorResponse, json, taggedJson } from '#http/responses';
import type { ContextGate } from '#ports/contextGate';
import type { ReadModelStore } from '#ports/readModelStore';
import { collectionRequest, readCollection, viewBody } from './collectionQuery';

export interface QueryApiDeps {
  projections: ProjectionRegistry;
  views: ReadModelStore;
  contexts?: ContextGate;
  /** The stored name readers use for a projection in a context (the live generation). */
  readTarget?: (context: string, projection: string) => Promise<string>;
  /** How long a `minVersion` query waits for the view to catch up before answering "not yet". */
  maxWaitMs?: number;
  pollMs?: number;
  /** Verifies bearer tokens; without it, auth is off (local runtime only). */
  authenticate?: Authenticator;
  /** Where a failure that is no typed error (answered 500) is reported. */
  log: (error: unknown) => void;
}

/**
 * `GET /v1/{context}/views/{projection}/{key}[?minVersion=N]`: a view with its version (and ETag);
 * `GET /v1/{context}/views/{projection}`: its views, a page at a time (collectionQuery.ts).
 * With `minVersion`, read-your-writes without a polling loop in every client: the answer waits a
 * short, bounded time for the view to reach N, then returns it or `409 VIEW_NOT_READY`.
 */
export const createQueryApi = (deps: QueryApiDeps) => {
  const maxWaitMs = deps.maxWaitMs ?? 3000;
  const pollMs = deps.pollMs ?? 20;

  const readView = async (context: string, projection: string, key: string, minVersion: number) => {
    const target = (await deps.readTarget?.(context, projection)) ?? projection;
    const deadline = Date.now() + (minVersion > 0 ? maxWaitMs : 0);
    for (;;) {
      const view = await deps.views.get(context, target, key);
      if ((view?.version ?? 0) >= minVersion || Date.now() >= deadline) return view;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };

  /** The view once it has reached `minVersion`, or VIEW_NOT_READY (409) after the bounded wait. */
  const readReached = async (context: string, projection: string, key: string, minVersion: number) => {
    const view = await readView(context, projection, key, minVersion);
    if (minVersion > 0 && (view?.version ?? 0) < minVersion) {
      throw new CairnError('VIEW_NOT_READY', 409, `The view has not reached version ${minVersion} yet; ask again`, {
        currentVersion: view?.version ?? 0,
        minVersion,
      });
    }
    return view;
  };

  const getView = async (context: string, projection: string, key: string, event: APIGatewayProxyEvent) => {
    if (!ID_PATTERN.test(key)) {
      throw new ValidationError('Invalid view key', [{ path: 'key', message: 'invalid characters or length' }]);
    }
    const minVersion = intParam(event, 'minVersion', 0, { min: 0, max: Number.MAX_SAFE_INTEGER });
    const view = await readReached(context, projection, key, minVersion);
    if (!view) throw new NotFoundError('VIEW_NOT_FOUND', `No ${projection} view '${key}' in context '${context}'`);
    return json(200, viewBody(view), { etag: `"${view.version}"` });
  };

  const listViews = async (context: string, projection: string, event: APIGatewayProxyEvent) => {
    const request = collectionRequest(event, deps.projections.require(projection));
    if (request.member) await readReached(context, projection, request.member.key, request.member.minVersion);
    const target = (await deps.readTarget?.(context, projection)) ?? projection;
    // A page has no version of its own: its ETag is its content's (If-None-Match on the page).
    return taggedJson(200, await readCollection(deps.views, { context, projection, target }, request));
  };

  const serve = async (segments: string[], event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const [, context = '', , projection = '', key] = segments;
    await requireServedContext(context, deps.contexts);
    await authorize(event, deps.authenticate, context, 'reader');
    deps.projections.require(projection);
    return key === undefined ? listViews(context, projection, event) : getView(context, projection, key, event);
  };

  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      const segments = pathSegments(event.path);
      if (!isViewPath(segments)) throw new NotFoundError('ROUTE_NOT_FOUND', `No route for ${event.path}`);
      const one = segments.length === 5;
      const route = one ? '/v1/{context}/views/{projection}/{key}' : '/v1/{context}/views/{projection}';
      await requireMethod(event, route, deps.authenticate);
      return await serve(segments, event);
    } catch (error) {
      return errorResponse(error, deps.log);
    }
  };
};

/**
 * `/v1/{context}/views/{projection}` (a collection) and `/v1/{context}/views/{projection}/{key}`
 * (one view): the routes this handler serves (API Gateway sends them here).
 */
export const isViewPath = (segments: readonly string[]): boolean =>
  (segments.length === 4 || segments.length === 5) && segments[0] === 'v1' && segments[2] === 'views';
