/** Lambda entry point: API Gateway REST `GET /v1/{context}/views/{projection}/{key}` → read models. */
import type { APIGatewayProxyHandler } from 'aws-lambda';
import { projectionRegistry } from '../../shared/projections/registry';
import { awsViewsFromEnv } from '../../shared/runtime/adapters';
import { contextsFromEnv } from '../../shared/runtime/env';
import { createQueryApi } from './queryApi';

const query = createQueryApi({
  projections: projectionRegistry,
  views: awsViewsFromEnv(),
  contexts: contextsFromEnv(),
});

export const handler: APIGatewayProxyHandler = (event) => query(event);
