import type { APIGatewayProxyResult } from 'aws-lambda';
import { CairnError, InvalidTokenError, isCairnError, MethodNotAllowedError, TokenExpiredError } from '#core/errors';
import { BEARER_CHALLENGE, INVALID_TOKEN_CHALLENGE } from './authChallenge';
import { contentTag } from './entityTags';

const baseHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult => ({
  statusCode,
  headers: { ...baseHeaders, ...headers },
  body: JSON.stringify(body),
});

/**
 * A JSON answer whose ETag is its content's digest (contentTag): for what has no version of its
 * own (a page of views, a command's status), so that If-None-Match works on it exactly.
 */
export const taggedJson = (statusCode: number, body: unknown): APIGatewayProxyResult => {
  const text = JSON.stringify(body);
  return { statusCode, headers: { ...baseHeaders, etag: contentTag(text) }, body: text };
};

/**
 * The headers HTTP requires beside some errors, in one place: `Allow` on every 405 (RFC 9110
 * §15.5.6), and on every 401 the challenge (RFC 6750 §3), with `error="invalid_token"` when a
 * token was presented and refused; a request that sent none gets the bare challenge.
 */
const errorHeaders = (error: CairnError): Record<string, string> => {
  if (error instanceof MethodNotAllowedError) return { allow: error.allowed.join(', ') };
  if (error.status !== 401) return {};
  const refused = error instanceof InvalidTokenError || error instanceof TokenExpiredError;
  return { 'www-authenticate': refused ? INVALID_TOKEN_CHALLENGE : BEARER_CHALLENGE };
};

/**
 * The answer to a failed request: a typed error as itself (its code, status and the headers HTTP
 * asks of that status), anything else as 500 INTERNAL_ERROR, whose detail goes to the log only.
 */
export const errorResponse = (error: unknown, log: (error: unknown) => void): APIGatewayProxyResult => {
  if (isCairnError(error)) return json(error.status, { error: error.toJSON() }, errorHeaders(error));
  log(error);
  const internal = new CairnError(
    'INTERNAL_ERROR',
    500,
    'The server could not complete the request; it is safe to retry with the same Idempotency-Key',
  );
  return json(500, { error: internal.toJSON() });
};
