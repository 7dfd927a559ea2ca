/** API Gateway's authorizer as the stack runs it: the deployment's token verifier, the shared logger. */
import { createGatewayAuthorizer } from '#handlers/gatewayAuthorizer';
import { logError } from './logger';
import { tokenVerifierFromEnv } from './tokenVerifierFromEnv';

export const lambdaAuthorizer = () => createGatewayAuthorizer(tokenVerifierFromEnv(), logError('authorizer fault'));
