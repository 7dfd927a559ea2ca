import { Duration } from 'aws-cdk-lib';
import { Cors, type CorsOptions, ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { BEARER_CHALLENGE } from '#http/authChallenge';
import { CORS_POLICY, type CorsOrigins } from '#http/corsPolicy';

/**
 * The preflight that API Gateway answers itself (a mock integration on every resource), from the
 * policy the handlers use for their answers. With several origins CDK echoes a listed `Origin`
 * (a response template) and sends `Vary: Origin`; an unlisted one gets the first origin, which the
 * browser refuses, as it refuses the handlers' answers without `Access-Control-Allow-Origin`.
 */
export const preflightOptions = (origins: CorsOrigins): CorsOptions => ({
  allowOrigins: origins === '*' ? Cors.ALL_ORIGINS : [...origins],
  allowMethods: [...CORS_POLICY.allowMethods],
  allowHeaders: [...CORS_POLICY.allowHeaders],
  maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
});

/**
 * `Access-Control-Allow-Origin` on API Gateway's own answers. Their mapping can copy a request
 * header but not test it against a list (the templates are plain substitution, not VTL). So: `*`,
 * one origin as a constant, and with several the request's `Origin` copied, with `Vary: Origin`.
 * Copying is safe here: these answers are fixed refusals with no data and no credentials mode,
 * and a page of an unlisted origin sending `Authorization` is stopped at its preflight anyway.
 */
const gatewayCorsHeaders = (origins: CorsOrigins): Record<string, string> => {
  if (origins === '*') return { 'Access-Control-Allow-Origin': "'*'" };
  const [only, ...more] = [...origins];
  const allow = more.length === 0 ? `'${only}'` : 'method.request.header.Origin';
  return { 'Access-Control-Allow-Origin': allow, Vary: "'Origin'" };
};

const refusal = (code: string, message: string) => ({
  'application/json': JSON.stringify({ error: { code, message } }),
});

/**
 * API Gateway's own answers in Cairn's error shape (the handlers' codes where there is one),
 * readable cross-origin: 401/403 from the authorizer, 404 for no route, and every other 4xx and
 * 5xx it makes itself (throttling, a body over 10 MB, a function that failed or timed out).
 */
export const addGatewayResponses = (api: RestApi, origins: CorsOrigins): void => {
  const responseHeaders = gatewayCorsHeaders(origins);
  api.addGatewayResponse('Unauthenticated', {
    type: ResponseType.UNAUTHORIZED,
    statusCode: '401',
    // RFC 6750's challenge. The gateway cannot tell a missing token from a refused one (both are
    // UNAUTHORIZED), so it sends no `error`; the handlers, which can, add `error="invalid_token"`.
    responseHeaders: { ...responseHeaders, 'WWW-Authenticate': `'${BEARER_CHALLENGE}'` },
    templates: refusal('UNAUTHENTICATED', 'Missing, invalid or expired token: send Authorization: Bearer <token>'),
  });
  api.addGatewayResponse('Forbidden', {
    type: ResponseType.ACCESS_DENIED,
    statusCode: '403',
    responseHeaders,
    templates: refusal('FORBIDDEN', 'The token does not grant this request'),
  });
  api.addGatewayResponse('NoSuchRoute', {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    statusCode: '404',
    responseHeaders,
    templates: refusal('NOT_FOUND', 'No such route'),
  });
  // The status stays API Gateway's own (429, 413, 502, 504, ...); the code names its response type.
  const own = {
    'application/json': '{"error":{"code":"$context.error.responseType","message":$context.error.messageString}}',
  };
  api.addGatewayResponse('Other4xx', { type: ResponseType.DEFAULT_4XX, responseHeaders, templates: own });
  api.addGatewayResponse('Other5xx', { type: ResponseType.DEFAULT_5XX, responseHeaders, templates: own });
};

/** The REST functions' `CAIRN_CORS_ORIGINS` (read by shared/runtime/env.ts), from the same parsed list. */
export const corsOriginsValue = (origins: CorsOrigins): string => (origins === '*' ? '*' : [...origins].join(','));
