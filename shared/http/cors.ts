import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { CORS_POLICY, type CorsOrigins } from './corsPolicy';
import { header } from './request';

export { CORS_POLICY, type CorsOrigins, parseCorsOrigins } from './corsPolicy';

/**
 * The origin headers of an answer to a request from `requestOrigin`: with `*`, `*`; with a list,
 * the request's origin echoed when listed (a Set: own entries only, whatever the client sends)
 * and nothing otherwise, always with `Vary: Origin` so that caches keep the answers apart.
 */
const originHeaders = (origins: CorsOrigins, requestOrigin: string | undefined): Record<string, string> => {
  if (origins === '*') return { 'access-control-allow-origin': '*' };
  const allowed = requestOrigin !== undefined && origins.has(requestOrigin);
  return allowed ? { 'access-control-allow-origin': requestOrigin, vary: 'Origin' } : { vary: 'Origin' };
};

/** The CORS headers of every REST answer (success or error). */
export const corsHeaders = (origins: CorsOrigins, requestOrigin: string | undefined): Record<string, string> => {
  const headers = originHeaders(origins, requestOrigin);
  if (!headers['access-control-allow-origin']) return headers;
  return { ...headers, 'access-control-expose-headers': CORS_POLICY.exposeHeaders.join(', ') };
};

/** The answer to a preflight (`OPTIONS`), as API Gateway's mock integration gives it. */
export const preflightHeaders = (origins: CorsOrigins, requestOrigin: string | undefined): Record<string, string> => ({
  ...originHeaders(origins, requestOrigin),
  'access-control-allow-methods': CORS_POLICY.allowMethods.join(','),
  'access-control-allow-headers': CORS_POLICY.allowHeaders.join(','),
  'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
});

/** Adds `extra` to an answer's headers; a `Vary` the answer already had is kept and extended. */
export const addHeaders = (result: APIGatewayProxyResult, extra: Record<string, string>): APIGatewayProxyResult => {
  const headers = { ...result.headers, ...extra };
  const vary = result.headers?.vary;
  if (vary !== undefined && extra.vary) headers.vary = `${vary}, ${extra.vary}`;
  return { ...result, headers };
};

type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/**
 * With Lambda proxy integration the function, not API Gateway, must put CORS headers on every
 * answer: this wraps a REST handler where it is composed (Lambda entry, local runtime).
 */
export const withCors =
  (origins: CorsOrigins, handler: ProxyHandler): ProxyHandler =>
  async (event) =>
    addHeaders(await handler(event), corsHeaders(origins, header(event, 'origin')));
