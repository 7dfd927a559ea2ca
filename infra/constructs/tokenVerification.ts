import { CfnOutput, type RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ENV } from '#runtime/environment';
import type { CairnFunction } from './cairnFunction';

export interface TokenVerificationProps {
  stage: string;
  /** The HS256 token secret's complete ARN; without it one is created (output JwtSecretArn). */
  jwtSecretArn?: string;
  oidc?: { issuer: string; audience: string };
  tokenMaxLifetimeSeconds?: number;
}

/**
 * What verifying tokens takes: the HS256 secret (Secrets Manager) and, if configured, an OIDC
 * issuer and the lifetime cap. Returns the one call that gives a function both the environment
 * (read by shared/runtime/tokenVerifierFromEnv.ts) and the grant to read the secret: the
 * authorizer, and the WebSocket function for `authenticate` frames.
 */
export const tokenVerification = (
  scope: Construct,
  props: TokenVerificationProps,
  removalPolicy: RemovalPolicy,
): ((fn: CairnFunction) => void) => {
  const secret = props.jwtSecretArn
    ? Secret.fromSecretCompleteArn(scope, 'JwtSecret', props.jwtSecretArn)
    : new Secret(scope, 'JwtSecret', {
        description: `Cairn ${props.stage}: the HS256 key that signs access tokens`,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy,
      });
  new CfnOutput(scope, 'JwtSecretArn', { value: secret.secretArn });
  return (fn) => {
    fn.readsSecret(secret, ENV.jwtSecretArn);
    if (props.oidc) fn.sets(ENV.oidcIssuer, props.oidc.issuer).sets(ENV.oidcAudience, props.oidc.audience);
    if (props.tokenMaxLifetimeSeconds) fn.sets(ENV.tokenMaxLifetime, String(props.tokenMaxLifetimeSeconds));
  };
};
