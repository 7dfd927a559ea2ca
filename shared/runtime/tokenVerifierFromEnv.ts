/**
 * The token verifier of a deployment, from its environment: HS256 with the secret in Secrets
 * Manager (`JWT_SECRET_ARN`) and, with `OIDC_ISSUER` + `OIDC_AUDIENCE`, an OIDC issuer's tokens,
 * under the token time rules (`CAIRN_TOKEN_MAX_LIFETIME`). The authorizer verifies with it at
 * REST requests and `$connect`; the WebSocket function with it for `authenticate` frames, which
 * no authorizer sees.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { hs256Verifier } from '#adapters/auth/hs256Tokens';
import { oidcVerifier } from '#adapters/auth/oidcTokens';
import { tokenVerifier } from '#adapters/auth/tokenVerifier';
import type { TokenVerifier } from '#application/access';
import { optionalEnv, requireEnv } from './env';
import { ENV } from './environment';
import { tokenRulesFromEnv } from './tokenRulesFromEnv';

/**
 * Reads the configuration now (a missing variable fails the cold start) and returns the verifier
 * to use for each token. The secret is cached for 5 minutes by Powertools (a rotated secret is
 * picked up without a redeploy); the verifier is rebuilt only when the secret changes.
 */
export const tokenVerifierFromEnv = (env: NodeJS.ProcessEnv = process.env): (() => Promise<TokenVerifier>) => {
  const secretArn = requireEnv(ENV.jwtSecretArn, env);
  const issuer = optionalEnv(ENV.oidcIssuer, env);
  const rules = tokenRulesFromEnv(env);
  const oidc = issuer ? oidcVerifier({ issuer, audience: requireEnv(ENV.oidcAudience, env), rules }) : undefined;
  let current: { secret: string; verify: TokenVerifier } | undefined;
  return async () => {
    const secret = await getSecret(secretArn, { maxAge: 300 });
    if (typeof secret !== 'string' || secret.length < 32) throw new Error('The JWT secret is missing or too short');
    if (current?.secret !== secret) {
      current = {
        secret,
        verify: tokenVerifier({ hs256: hs256Verifier(new TextEncoder().encode(secret), rules), oidc }),
      };
    }
    return current.verify;
  };
};
