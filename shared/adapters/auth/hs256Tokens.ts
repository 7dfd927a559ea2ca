import { jwtVerify, SignJWT } from 'jose';
import type { Role, TokenVerifier } from '#application/access';
import { UnauthenticatedError } from '#core/errors';
import { principalFromClaims } from './grantClaims';
import {
  checkTokenTimes,
  DEFAULT_TOKEN_RULES,
  joseTimeOptions,
  type TokenTimeRules,
  unauthenticatedFrom,
} from './tokenTimes';

/**
 * HS256 JWTs (a shared secret: Secrets Manager in AWS, a generated dev secret locally); the grants
 * are read by principalFromClaims, the times checked by the token time rules.
 */
export const hs256Verifier = (secret: Uint8Array, rules: TokenTimeRules = DEFAULT_TOKEN_RULES): TokenVerifier => {
  // Imported once: jose would import raw bytes again on every verification (about half its cost).
  const key = crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return async (token) => {
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload } = await jwtVerify(token, await key, { algorithms: ['HS256'], ...joseTimeOptions(rules) }));
      checkTokenTimes(payload, rules);
    } catch (error) {
      throw unauthenticatedFrom(error) ?? new UnauthenticatedError('The token is not valid');
    }
    return principalFromClaims(payload);
  };
};

export const mintToken = (
  secret: Uint8Array,
  grant: { subject: string; roles: Readonly<Record<string, Role>>; ttlSeconds?: number },
): Promise<string> =>
  new SignJWT({ contexts: Object.keys(grant.roles), roles: grant.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(grant.subject)
    .setIssuedAt()
    .setExpirationTime(`${grant.ttlSeconds ?? 12 * 3600}s`)
    .sign(secret);
