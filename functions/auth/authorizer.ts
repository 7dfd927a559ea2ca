/** Lambda entry point: the API Gateway authorizer of REST requests and WebSocket `$connect`. */
import { Logger } from '@aws-lambda-powertools/logger';
import { tokenVerifierFromEnv } from '../../shared/runtime/tokenVerifierFromEnv';
import { createGatewayAuthorizer } from './gatewayAuthorizer';

const logger = new Logger({ serviceName: 'cairn-authorizer' });
const verify = tokenVerifierFromEnv();

export const handler = createGatewayAuthorizer(verify, (error) => logger.error('authorizer fault', error as Error));
