/** Lambda entry point: API Gateway WebSocket ($connect, $disconnect, subscribe, unsubscribe, command, ping, authenticate, $default). */
import { Logger } from '@aws-lambda-powertools/logger';
import { ProjectionGenerations } from '../../shared/application/projectionGenerations';
import { sampleDomain } from '../../shared/domain';
import { awsAdaptersFromEnv, awsViewsFromEnv } from '../../shared/runtime/adapters';
import { contextsFromEnv } from '../../shared/runtime/env';
import { awsLiveViewsFromEnv } from '../../shared/runtime/livePush';
import { tokenVerifierFromEnv } from '../../shared/runtime/tokenVerifierFromEnv';
import { createCommandService, newCommandId } from '../command/commandService';
import {
  createWebSocketApi,
  gatewayConnectAuthenticator,
  type WebSocketEvent,
  type WebSocketResult,
} from './websocketApi';

const logger = new Logger({ serviceName: 'cairn-websocket' });
const views = awsViewsFromEnv();
const { registry, pusher, liveViews } = awsLiveViewsFromEnv({
  views,
  projections: sampleDomain.projections,
  generations: new ProjectionGenerations(views),
  log: (error) => logger.warn('push failed', error as Error),
});
// The authorizer verifies the token at $connect only; an `authenticate` frame's token is verified
// here, with the same verifier.
const verifier = tokenVerifierFromEnv();
const api = createWebSocketApi({
  registry,
  liveViews,
  pusher,
  commands: createCommandService(awsAdaptersFromEnv()),
  // The deployment's contexts (CAIRN_CONTEXTS) are fixed per deploy: a context dropped from it is
  // refused on every frame once the new configuration is live.
  contexts: contextsFromEnv(),
  authenticate: gatewayConnectAuthenticator,
  verify: async (token) => (await verifier())(token),
  newId: newCommandId,
  now: () => new Date(),
  log: (error) => logger.error('frame failed', error as Error),
});

export const handler = (event: WebSocketEvent): Promise<WebSocketResult> => api(event);
