/** Lambda entry point: the API Gateway authorizer of REST requests and WebSocket `$connect`. */
import { Logger } from '@aws-lambda-powertools/logger';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { hs256Verifier } from '../../shared/adapters/auth/hs256Tokens';
import { oidcVerifier } from '../../shared/adapters/auth/oidcTokens';
import { tokenRulesFromEnv } from '../../shared/adapters/auth/tokenTimes';
import { tokenVerifier } from '../../shared/adapters/auth/tokenVerifier';
import type { TokenVerifier } from '../../shared/application/access';
import { optionalEnv, requireEnv } from '../../shared/runtime/env';
import { createGatewayAuthorizer } from './gatewayAuthorizer';

const logger = new Logger({ serviceName: 'cairn-authorizer' });
const secretArn = requireEnv('JWT_SECRET_ARN');
const issuer = optionalEnv('OIDC_ISSUER');
const rules = tokenRulesFromEnv();
const oidc = issuer ? oidcVerifier({ issuer, audience: requireEnv('OIDC_AUDIENCE'), rules }) : undefined;

/**
 * The HS256 secret from Secrets Manager, cached for 5 minutes by Powertools (a rotated secret is
 * picked up without a redeploy); the verifier is rebuilt only when the secret changes.
 */
let current: { secret: string; verify: TokenVerifier } | undefined;
const verify = async (): Promise<TokenVerifier> => {
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

export const handler = createGatewayAuthorizer(verify, (error) => logger.error('authorizer fault', error as Error));
