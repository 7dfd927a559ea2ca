// The challenge of every 401 (RFC 6750 §3): the handlers' answers (responses.ts) and API Gateway's
// UNAUTHORIZED gateway response (infra/constructs/restCors.ts) send the same one.

/** `WWW-Authenticate` on a 401: bearer tokens, in Cairn's one protection space. */
export const BEARER_CHALLENGE = 'Bearer realm="cairn"';

/** The same, for a request whose token was presented and refused (malformed, forged, expired). */
export const INVALID_TOKEN_CHALLENGE = `${BEARER_CHALLENGE}, error="invalid_token"`;
