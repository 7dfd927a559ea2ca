/** Lambda entry point: API Gateway REST → command API. */
import type { APIGatewayProxyHandler } from 'aws-lambda';
import { sampleDomain } from '../../shared/domain';
import { gatewayAuthenticator } from '../../shared/http/authorize';
import { withCors } from '../../shared/http/cors';
import { awsAdaptersFromEnv } from '../../shared/runtime/adapters';
import { contextsFromEnv, corsOriginsFromEnv } from '../../shared/runtime/env';
import { createCommandApi } from './commandApi';
import { createCommandService, newCommandId } from './commandService';

// Composition root: clients and configuration are created once per cold start.
const adapters = awsAdaptersFromEnv();
// Proxy integration: API Gateway adds no CORS headers to the function's answers, so the function does.
const api = withCors(
  corsOriginsFromEnv(),
  createCommandApi({
    service: createCommandService(adapters),
    eventStore: adapters.eventStore,
    ledger: adapters.ledger,
    registry: sampleDomain.aggregates,
    contexts: contextsFromEnv(),
    // API Gateway's Lambda authorizer verified the token; roles per context are checked here.
    authenticate: gatewayAuthenticator,
    newId: newCommandId,
    now: () => new Date(),
  }),
);

export const handler: APIGatewayProxyHandler = (event) => api(event);
