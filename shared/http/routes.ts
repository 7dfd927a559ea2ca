/**
 * API Gateway's route table, once: the REST resources and the WebSocket actions. The stack
 * creates exactly these routes (infra/constructs/cairnRestApi.ts, cairnWebSocketApi.ts) and the
 * local gateway dispatches by the same table, so a route that works locally exists deployed.
 */

/** The handlers behind the REST API, as the composition root names them. */
export type RestHandlerName = 'commandApi' | 'queryApi' | 'adminApi';

/** The methods a route serves; HEAD wherever GET is (route() adds it). */
export type RestMethod = 'GET' | 'HEAD' | 'POST' | 'DELETE';

export interface RestRoute<Path extends string = string> {
  /** An API Gateway resource path: `{name}` is a path variable. */
  path: Path;
  methods: readonly RestMethod[];
  handler: RestHandlerName;
  /** Behind the authorizer (every route but `/health`, `/openapi.json` and `/asyncapi.json`). */
  authorized: boolean;
  /**
   * False for routes only the local runtime serves: a projection rebuild runs for minutes in the
   * process that answers, which a Lambda invocation cannot outlive.
   */
  deployed: boolean;
}

/** What anyone may read: liveness, and the APIs' own descriptions (REST, WebSocket). */
const OPEN_PATHS = ['/health', '/openapi.json', '/asyncapi.json'];

/**
 * A route of the table. HEAD is served wherever GET is (RFC 9110 asks it of every GET resource):
 * the stack creates it as a method and the handlers answer it as GET without the body, so the
 * table names GET alone and HEAD follows it.
 */
const route = <Path extends string>(
  path: Path,
  methods: readonly Exclude<RestMethod, 'HEAD'>[],
  handler: RestHandlerName,
  deployed = true,
): RestRoute<Path> => ({
  path,
  methods: methods.flatMap((method): RestMethod[] => (method === 'GET' ? ['GET', 'HEAD'] : [method])),
  handler,
  authorized: !OPEN_PATHS.includes(path),
  deployed,
});

const TABLE = [
  route('/health', ['GET'], 'commandApi'),
  route('/openapi.json', ['GET'], 'commandApi'),
  route('/asyncapi.json', ['GET'], 'commandApi'),
  route('/v1/{context}/commands', ['POST'], 'commandApi'),
  route('/v1/{context}/commands/{commandId}', ['GET'], 'commandApi'),
  route('/v1/{context}/aggregates/{aggregateType}/{aggregateId}/events', ['GET'], 'commandApi'),
  route('/v1/{context}/views/{projection}', ['GET'], 'queryApi'),
  route('/v1/{context}/views/{projection}/{key}', ['GET'], 'queryApi'),
  route('/v1/_admin/contexts', ['GET', 'POST'], 'adminApi'),
  route('/v1/_admin/contexts/{name}', ['DELETE'], 'adminApi'),
  route('/v1/{context}/_admin/projections/{projection}/rebuild', ['GET', 'POST'], 'adminApi', false),
  route('/v1/_admin/contexts/{context}/projections/{projection}/rebuild', ['GET', 'POST'], 'adminApi', false),
  // What an operator (the console) reads and does in one context (operationsAdminApi.ts).
  route('/v1/_whoami', ['GET'], 'adminApi'),
  route('/v1/{context}/_admin/projections', ['GET'], 'adminApi'),
  route('/v1/{context}/_admin/projections/{projection}/switch', ['POST'], 'adminApi'),
  route('/v1/{context}/_admin/dead-letters/{queue}', ['GET'], 'adminApi'),
  route('/v1/{context}/_admin/dead-letters/{queue}/redrive', ['POST'], 'adminApi'),
  route('/v1/{context}/_admin/processes', ['GET'], 'adminApi'),
] as const;

export const REST_ROUTES: readonly RestRoute[] = TABLE;

/** A resource path of the table, as a type: a handler names the route it serves by it. */
export type RoutePath = (typeof TABLE)[number]['path'];

/** The route of the table at `path`. */
export const routeAt = (path: RoutePath): RestRoute => {
  const found = REST_ROUTES.find((candidate) => candidate.path === path);
  if (!found) throw new Error(`No route ${path} in the table`);
  return found;
};

/**
 * What `Allow` lists for a route (RFC 9110: every 405 carries it): its methods, and OPTIONS,
 * which every REST resource answers as the CORS preflight (API Gateway's mock, the local one).
 */
export const allowedMethods = (candidate: RestRoute): string[] => [...candidate.methods, 'OPTIONS'];

/** Every method some route serves, for a request that targets no route at all (CONNECT). */
export const methodsOfTheApi = (): string[] => [
  ...new Set(REST_ROUTES.flatMap((candidate) => allowedMethods(candidate))),
];

/** The WebSocket API's routes besides `$connect`, `$disconnect` and `$default`: one per frame action. */
export const WEBSOCKET_ACTIONS = [
  'subscribe',
  'unsubscribe',
  'command',
  'ping',
  'authenticate',
  'tail',
  'untail',
] as const;

const segmentsOf = (path: string): string[] => path.split('/').filter(Boolean);
const isVariable = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');

/**
 * The route a path belongs to, whatever its method, as API Gateway selects a resource: segment by
 * segment, a literal segment before a path variable, no backtracking (`/v1/_admin/…` is never a
 * context's route). Undefined when no resource matches.
 */
export const routeOf = (path: string, routes: readonly RestRoute[] = REST_ROUTES): RestRoute | undefined => {
  const segments = segmentsOf(path);
  let candidates = routes.map((candidate) => ({ candidate, template: segmentsOf(candidate.path) }));
  for (const [index, segment] of segments.entries()) {
    const here = candidates.filter(({ template }) => template.length > index);
    const literal = here.filter(({ template }) => template[index] === segment);
    candidates = literal.length > 0 ? literal : here.filter(({ template }) => isVariable(template[index] ?? ''));
  }
  return candidates.find(({ template }) => template.length === segments.length)?.candidate;
};
