import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CorsOrigins, preflightHeaders } from '#http/cors';
import type { LocalRoute } from './httpGateway';

/** The REST API's paths; the demo files and the management API are the local process's own. */
const isRestPath = (path: string): boolean =>
  path === '/health' ||
  path === '/openapi.json' ||
  path === '/asyncapi.json' ||
  path === '/v1' ||
  path.startsWith('/v1/');

/**
 * Answers `OPTIONS` on the REST paths as the stack's preflight does (API Gateway's mock
 * integration on every resource, `defaultCorsPreflightOptions`): 204 with the allowed origin,
 * methods, headers and max age, before and without auth, since browsers send preflights without
 * credentials. Like the mock, it answers every `OPTIONS`, preflight or not.
 */
export const corsPreflight =
  (origins: CorsOrigins): LocalRoute =>
  (request: IncomingMessage, response: ServerResponse, url: URL): boolean => {
    if (request.method !== 'OPTIONS') return false;
    if (!isRestPath(url.pathname)) return false;
    request.resume(); // a body on a preflight is ignored, and must not hold the connection
    response.writeHead(204, preflightHeaders(origins, request.headers.origin));
    response.end();
    return true;
  };
