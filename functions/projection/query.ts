/** Lambda entry point: API Gateway REST `GET /v1/{context}/views/{projection}/{key}` → read models. */
import type { APIGatewayProxyHandler } from 'aws-lambda';
import { ProjectionGenerations } from '../../shared/application/projectionGenerations';
import { sampleDomain } from '../../shared/domain';
import { gatewayAuthenticator } from '../../shared/http/authorize';
import { withCors } from '../../shared/http/cors';
import { awsViewsFromEnv } from '../../shared/runtime/adapters';
import { contextsFromEnv, corsOriginsFromEnv } from '../../shared/runtime/env';
import { createQueryApi } from './queryApi';

const views = awsViewsFromEnv();
const generations = new ProjectionGenerations(views);
// Proxy integration: API Gateway adds no CORS headers to the function's answers, so the function does.
const query = withCors(
  corsOriginsFromEnv(),
  createQueryApi({
    projections: sampleDomain.projections,
    views,
    contexts: contextsFromEnv(),
    authenticate: gatewayAuthenticator,
    readTarget: (context, projection) => generations.readTarget(context, projection),
  }),
);

export const handler: APIGatewayProxyHandler = (event) => query(event);
