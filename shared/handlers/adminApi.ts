import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { NotFoundError } from '#core/errors';
import { pathSegments } from '#http/request';
import { errorResponse } from '#http/responses';
import { operationsAddress } from './operationsAdminApi';
import { isRebuildPath } from './rebuildAdminApi';

type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/**
 * The `_admin` area: contexts (created, listed, retired), a context's operator routes (projections,
 * dead letters, processes: operationsAdminApi.ts) and, where a process can run them, projection
 * rebuilds. Without `rebuilds` (a Lambda function, which cannot outlive its answer) a rebuild
 * path is no route.
 */
export const createAdminApi =
  (deps: {
    contexts: ProxyHandler;
    operations: () => ProxyHandler;
    rebuilds?: () => ProxyHandler;
    log: (error: unknown) => void;
  }) =>
  async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      const segments = pathSegments(event.path);
      if (operationsAddress(segments)) return await deps.operations()(event);
      if (!isRebuildPath(segments)) return await deps.contexts(event);
      if (deps.rebuilds) return await deps.rebuilds()(event);
      throw new NotFoundError('ROUTE_NOT_FOUND', `No route for ${event.path}`);
    } catch (error) {
      return errorResponse(error, deps.log);
    }
  };
