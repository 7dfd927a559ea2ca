import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { header } from './request';

/**
 * What a browser on another origin may do with the REST API. One constant read by the handlers
 * (every answer), the local preflight, and the stack's preflight (API Gateway's mock integration),
 * so the three cannot drift apart.
 */
export const CORS_POLICY = {
  allowMethods: ['GET', 'POST', 'DELETE'],
  allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'Prefer'],
  // The headers Cairn's answers carry that a page must read (the safelisted ones need no mention).
  exposeHeaders: ['ETag', 'Location', 'Idempotent-Replayed', 'X-Cairn-Attempts', 'Preference-Applied'],
  // Short enough that a changed origin list takes effect within minutes; Chromium caps it at 2 h.
  maxAgeSeconds: 600,
} as const;

/** `*` (any origin, no credentials) or the exact origins allowed, normalised as browsers send them. */
export type CorsOrigins = '*' | ReadonlySet<string>;

/**
 * `*`, or a comma-separated list of origins (`https://app.example.com,http://localhost:5173`).
 * Each entry must be a bare http(s) origin: `app.example.com` or `https://x/path` would never
 * match a browser's `Origin`, so they fail fast at start (and at `cdk synth`) instead.
 */
export const parseCorsOrigins = (raw: string): CorsOrigins => {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 1 && entries[0] === '*') return '*';
  if (entries.length === 0 || entries.includes('*')) {
    throw new Error(`CORS origins must be '*' or a list of origins, not '${raw}'`);
  }
  return new Set(entries.map(normaliseOrigin));
};

const normaliseOrigin = (entry: string): string => {
  const url = URL.canParse(entry) ? new URL(entry) : undefined;
  const bare =
    url && /^https?:$/.test(url.protocol) && url.pathname === '/' && !url.search && !url.hash && !url.username;
  if (!url || !bare) throw new Error(`CORS origin '${entry}' is not an origin such as https://app.example.com`);
  return url.origin; // lower-case host, default port dropped: as a browser writes `Origin`
};

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
