import { errors, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { UnauthenticatedError } from '#core/errors';

/**
 * The time rules every accepted token meets, Cairn's own and an OIDC issuer's alike: it has an
 * `exp`; it was not issued (`iat`) nor made valid (`nbf`) further ahead than the clock skew; and it
 * lives at most `maxLifetimeSeconds` (from `iat`, or from now when it has none). A token that
 * never expires, or expires in a year, is refused: a leaked one would be good for ever.
 */
export interface TokenTimeRules {
  /** Longest lifetime accepted (seconds); CAIRN_TOKEN_MAX_LIFETIME, 24 h by default. */
  maxLifetimeSeconds: number;
  /** Clock difference tolerated between the issuer and this process (seconds). */
  clockSkewSeconds: number;
}

export const DEFAULT_TOKEN_RULES: TokenTimeRules = { maxLifetimeSeconds: 24 * 3600, clockSkewSeconds: 60 };

/** What jose checks for us: `exp` present, `nbf` not ahead by more than the skew. */
export const joseTimeOptions = (
  rules: TokenTimeRules,
): Pick<JWTVerifyOptions, 'requiredClaims' | 'clockTolerance'> => ({
  requiredClaims: ['exp'],
  clockTolerance: rules.clockSkewSeconds,
});

/**
 * What jose does not check: `exp` without the skew (an expired token is refused at once, so a
 * socket or a REST call stops when the token does), `iat` in the future, and the lifetime cap.
 */
export const checkTokenTimes = (payload: JWTPayload, rules: TokenTimeRules, now = Date.now()): void => {
  const nowSeconds = Math.floor(now / 1000);
  const { exp, iat } = payload;
  if (typeof exp !== 'number') throw new UnauthenticatedError('The token has no expiry (exp)');
  if (exp <= nowSeconds) throw new UnauthenticatedError('The token has expired');
  if (iat !== undefined && (typeof iat !== 'number' || iat > nowSeconds + rules.clockSkewSeconds)) {
    throw new UnauthenticatedError('The token is issued in the future (iat)');
  }
  const start = typeof iat === 'number' ? iat : nowSeconds;
  if (exp - start > rules.maxLifetimeSeconds + rules.clockSkewSeconds) {
    throw new UnauthenticatedError(`The token lives longer than the ${rules.maxLifetimeSeconds} s accepted here`);
  }
};

/** jose's errors as Cairn's: an expired token says so; anything else is "not valid". */
export const unauthenticatedFrom = (error: unknown): UnauthenticatedError | undefined => {
  if (error instanceof UnauthenticatedError) return error;
  if (error instanceof errors.JWTExpired) return new UnauthenticatedError('The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'exp') {
    return new UnauthenticatedError('The token has no expiry (exp)');
  }
  if (error instanceof errors.JOSEError) return new UnauthenticatedError('The token is not valid');
  return undefined;
};
