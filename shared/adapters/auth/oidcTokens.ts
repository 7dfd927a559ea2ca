import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { TokenVerifier } from '#application/access';
import { UnauthenticatedError } from '#core/errors';
import { principalFromClaims } from './grantClaims';
import {
  checkTokenTimes,
  DEFAULT_TOKEN_RULES,
  joseTimeOptions,
  type TokenTimeRules,
  unauthenticatedFrom,
} from './tokenTimes';

export interface OidcOptions {
  /** The issuer URL exactly as in the tokens' `iss` (Cognito: https://cognito-idp.<region>.amazonaws.com/<pool id>). */
  issuer: string;
  /** The expected `aud` (or, for Cognito access tokens, `client_id`). */
  audience: string;
  /** Where the signing keys are; default: the `jwks_uri` of the issuer's discovery document. */
  jwksUri?: string;
  /** `exp` required, `iat`/`nbf` not ahead, lifetime capped: the same rules as Cairn's own tokens. */
  rules?: TokenTimeRules;
}

/** Asymmetric algorithms only: an OIDC issuer never shares a secret with Cairn. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'];

const discoverJwksUri = async (issuer: string): Promise<string> => {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OIDC discovery for ${issuer} answered ${response.status}`);
  const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: string };
  if (!jwksUri) throw new Error(`OIDC discovery for ${issuer} has no jwks_uri`);
  return jwksUri;
};

/**
 * Tokens of an OIDC issuer (Cognito or any other), checked with jose: signature against the
 * issuer's JWKS (fetched once, cached and refreshed by jose on unknown key ids), `iss`, `exp`,
 * and the audience. Grants come from the same claims as Cairn's own tokens, or from groups.
 */
export const oidcVerifier = (options: OidcOptions): TokenVerifier => {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    keys ??= createRemoteJWKSet(new URL(options.jwksUri ?? (await discoverJwksUri(options.issuer))));
    return keys;
  };
  return async (token) => {
    const rules = options.rules ?? DEFAULT_TOKEN_RULES;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keySet(), {
        issuer: options.issuer,
        algorithms: ALGORITHMS,
        ...joseTimeOptions(rules),
      }));
      checkTokenTimes(payload, rules);
    } catch (error) {
      throw unauthenticatedFrom(error) ?? error;
    }
    // Cognito access tokens carry the app client in `client_id` instead of `aud`.
    const audiences = [payload.aud, payload.client_id].flat().filter((value) => typeof value === 'string');
    if (!audiences.includes(options.audience)) throw new UnauthenticatedError('The token is for another audience');
    return principalFromClaims(payload);
  };
};
