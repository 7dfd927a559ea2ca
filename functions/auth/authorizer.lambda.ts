/** Lambda entry: API Gateway's authorizer of REST requests and WebSocket `$connect`. */
import { createGatewayAuthorizer } from '../../shared/handlers/gatewayAuthorizer';
import { logger } from '../../shared/runtime/logger';
import { tokenVerifierFromEnv } from '../../shared/runtime/tokenVerifierFromEnv';

export const handler = createGatewayAuthorizer(tokenVerifierFromEnv(), (error) =>
  logger.error('authorizer fault', error as Error),
);
