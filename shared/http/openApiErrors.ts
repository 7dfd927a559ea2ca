/**
 * The errors each route can answer, for the OpenAPI document. Codes and statuses are read off the
 * typed errors themselves (shared/core/errors.ts), instantiated once, so a changed status or code
 * there changes the document too; the codes a handler raises inline are named here beside them.
 */
import {
  CairnError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InvalidJsonError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthenticatedError,
  UnknownCommandError,
  UnknownContextError,
  UnknownProjectionError,
  ValidationError,
  VersionConflictError,
} from '#core/errors';
import { errorSchema, type JsonSchema } from './openApiSchemas';

const inline = (code: string, status: number): CairnError => new CairnError(code, status, '');

export const ERRORS = {
  validation: new ValidationError('', []),
  invalidJson: new InvalidJsonError(),
  unknownCommand: new UnknownCommandError('', []),
  unknownContext: new UnknownContextError(''),
  unknownProjection: new UnknownProjectionError('', []),
  methodNotAllowed: new MethodNotAllowedError('', []),
  payloadTooLarge: new PayloadTooLargeError('', 0, 0),
  unsupportedMediaType: inline('UNSUPPORTED_MEDIA_TYPE', 415),
  versionConflict: new VersionConflictError(0, 0),
  idempotencyKeyReused: new IdempotencyKeyReusedError(''),
  unauthenticated: new UnauthenticatedError(''),
  forbidden: new ForbiddenError(''),
  routeNotFound: new NotFoundError('ROUTE_NOT_FOUND', ''),
  commandNotFound: new NotFoundError('COMMAND_NOT_FOUND', ''),
  aggregateNotFound: new NotFoundError('AGGREGATE_NOT_FOUND', ''),
  unknownAggregateType: new NotFoundError('UNKNOWN_AGGREGATE_TYPE', ''),
  viewNotFound: new NotFoundError('VIEW_NOT_FOUND', ''),
  viewNotReady: inline('VIEW_NOT_READY', 409),
  contextExists: inline('CONTEXT_EXISTS', 409),
  contextsOpen: inline('CONTEXTS_OPEN', 409),
  rebuildInProgress: inline('REBUILD_IN_PROGRESS', 409),
  rebuildNotFound: new NotFoundError('REBUILD_NOT_FOUND', ''),
  internal: inline('INTERNAL_ERROR', 500),
} satisfies Record<string, CairnError>;

/** A business rule's refusal: 422 with the rule's own code, which only the domain knows. */
export const DOMAIN_RULE = Symbol('domain rule');

export type RouteError = CairnError | typeof DOMAIN_RULE;

/** What any route can answer, whatever it does. */
const everywhere = [ERRORS.methodNotAllowed, ERRORS.internal];
const behindAuth = [ERRORS.unauthenticated, ERRORS.forbidden];

/** The header HTTP asks beside an error status (shared/http/responses.ts sends them). */
const HEADERS_OF: Record<number, string> = { 401: 'WWW-Authenticate', 405: 'Allow' };

/** An error response per status, its schema listing the codes (open when a domain rule may answer). */
export const errorResponses = (errors: readonly RouteError[], authorized: boolean): Record<string, JsonSchema> => {
  const all = [...errors, ...(authorized ? behindAuth : []), ...everywhere];
  const byStatus = new Map<number, { codes: Set<string>; open: boolean }>();
  for (const error of all) {
    const status = error === DOMAIN_RULE ? 422 : error.status;
    const entry = byStatus.get(status) ?? { codes: new Set<string>(), open: false };
    if (error === DOMAIN_RULE) entry.open = true;
    else entry.codes.add(error.code);
    byStatus.set(status, entry);
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, { codes, open }] of [...byStatus].sort(([a], [b]) => a - b)) {
    const listed = [...codes].join(', ');
    const description = open
      ? `A business rule refused the command (its own code)${listed && `, or ${listed}`}`
      : listed;
    const headers = HEADERS_OF[status];
    responses[String(status)] = {
      description,
      ...(headers && { headers: { [headers]: { $ref: `#/components/headers/${headers}` } } }),
      content: { 'application/json': { schema: errorSchema(open ? undefined : [...codes]) } },
    };
  }
  return responses;
};
