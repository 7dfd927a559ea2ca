/**
 * The composition root as every Lambda function runs it: the sample domain on the AWS adapters,
 * configured from the environment (ENV), behind API Gateway's authorizer. Built once per cold
 * start; each function's entry picks its handler, and only what that handler uses is created.
 */
import { fixedContexts } from '../application/contextGates';
import { PROJECTION_MAX_RECEIVES } from '../application/limits';
import { sampleDomain } from '../domain';
import { gatewayConnectAuthenticator } from '../handlers/websocket/websocketApi';
import { gatewayAuthenticator } from '../http/authorize';
import { awsAdapters } from './awsAdapters';
import { composeCairn } from './composeCairn';
import { contextsFromEnv, corsOriginsFromEnv, optionalEnv } from './env';
import { ENV } from './environment';
import { lambdaLog } from './logger';
import { once } from './once';
import { tokenVerifierFromEnv } from './tokenVerifierFromEnv';

const fixed = contextsFromEnv();
// Only the functions that verify tokens themselves (an `authenticate` frame) have the secret.
const verifier = once(() => tokenVerifierFromEnv());

export const lambdaCairn = composeCairn({
  domain: sampleDomain,
  adapters: awsAdapters(),
  contexts: fixed && fixedContexts(fixed),
  authenticate: gatewayAuthenticator,
  sockets: { authenticate: gatewayConnectAuthenticator, verify: async (token) => (await verifier()())(token) },
  cors: corsOriginsFromEnv(),
  // The stack gives the pushing functions the WebSocket API's management endpoint.
  livePush: optionalEnv(ENV.websocketEndpoint) !== undefined,
  projectionDeadLetterAt: PROJECTION_MAX_RECEIVES,
  log: lambdaLog,
});
