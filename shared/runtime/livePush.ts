import { ManagementApiPusher, managementApiClient } from '../adapters/apigateway/managementApiPusher';
import { LiveViews } from '../application/liveViews';
import type { ProjectionGenerations } from '../application/projectionGenerations';
import type { ProjectionRegistry } from '../core/projection';
import type { ReadModelStore } from '../ports/readModelStore';
import { awsConnectionRegistryFromEnv } from './adapters';
import { contextsFromEnv, requireEnv } from './env';
import { ENV } from './environment';

/**
 * Live views on AWS: the connections table and the WebSocket API's management endpoint
 * (`CONNECTIONS_TABLE`, `WEBSOCKET_ENDPOINT` = `https://<api-id>.execute-api.<region>.amazonaws.com/<stage>`).
 */
export const awsLiveViewsFromEnv = (deps: {
  views: ReadModelStore;
  projections: ProjectionRegistry;
  generations: ProjectionGenerations;
  env?: NodeJS.ProcessEnv;
  log?: (error: unknown) => void;
}) => {
  const env = deps.env ?? process.env;
  const registry = awsConnectionRegistryFromEnv(env);
  const pusher = new ManagementApiPusher(managementApiClient({ endpoint: requireEnv(ENV.websocketEndpoint, env) }));
  const liveViews = new LiveViews({
    registry,
    pusher,
    views: deps.views,
    projections: deps.projections,
    readTarget: (context, projection) => deps.generations.readTarget(context, projection),
    // CAIRN_CONTEXTS: a push to a socket of a context the deployment no longer has closes it.
    contexts: contextsFromEnv(env),
    log: deps.log,
  });
  return { registry, pusher, liveViews };
};
