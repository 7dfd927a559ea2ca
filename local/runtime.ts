import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createCommandApi } from '../functions/command/commandApi';
import { createCommandService, newCommandId } from '../functions/command/commandService';
import { createCommandWorker } from '../functions/command/commandWorker';
import { createContextAdminApi, isContextAdminPath } from '../functions/command/contextAdminApi';
import { createProjectionAdminApi, isRebuildPath } from '../functions/projection/adminApi';
import { createQueryApi, isViewPath } from '../functions/projection/queryApi';
import { createWebSocketApi, tokenConnectAuthenticator } from '../functions/websocket/websocketApi';
import { ManagementApiPusher } from '../shared/adapters/apigateway/managementApiPusher';
import { contextRecordsFile } from '../shared/adapters/embedded/contextRecordsFile';
import { EmbeddedConnectionRegistry } from '../shared/adapters/embedded/embeddedConnectionRegistry';
import type { TokenVerifier } from '../shared/application/access';
import { ContextCatalog } from '../shared/application/contextCatalog';
import { LiveViews } from '../shared/application/liveViews';
import { GENERATIONS_CACHE_MS } from '../shared/application/projectionGenerations';
import { sampleDomain } from '../shared/domain';
import { bearerAuthenticator } from '../shared/http/authorize';
import { type CorsOrigins, corsHeaders, withCors } from '../shared/http/cors';
import type { ConnectionRegistry } from '../shared/ports/connectionRegistry';
import type { CommandAdapters, ProjectionAdapters } from '../shared/runtime/adapters';
import { corsPreflight } from './corsPreflight';
import { lockDataDir } from './dataDirLock';
import { createHttpGateway } from './httpGateway';
import { isLoopback } from './loopback';
import { type ProjectionPipeline, startProjectionPipeline } from './projectionPipeline';
import { QueuePoller } from './queuePoller';
import { chooseAdapters } from './runtimeAdapters';
import { startManagementApi } from './sockets/managementApi';
import type { SocketLimits } from './sockets/socketLimits';
import { webFiles } from './webFiles';
import { WebSocketGateway } from './websocketGateway';

export interface LocalRuntimeOptions {
  port: number;
  host?: string;
  /** Embedded stores keep their data here; without it, in memory. */
  dataDir?: string;
  /** 'embedded' (default) or 'aws': DynamoDB/SQS/EventBridge through the usual AWS_* variables and endpoints. */
  store?: 'embedded' | 'aws';
  /** Adapters built by the caller (benchmarks, tests); they win over `store` and `dataDir`. */
  adapters?: CommandAdapters;
  /** Projection adapters built by the caller; without them, `adapters` alone runs the command side only. */
  projectionAdapters?: ProjectionAdapters;
  /** With caller-built DynamoDB adapters: the events table whose stream feeds the publisher. */
  streamTable?: string;
  /** Where connections and subscriptions live; in memory by default (the sockets live here too). */
  registry?: ConnectionRegistry;
  /**
   * The contexts to start with (more are created and retired in the `_admin` area, kept under
   * `dataDir`); without it every well-formed context exists.
   */
  contexts?: ReadonlySet<string>;
  /** Verifies bearer tokens on REST and at WebSocket connect; without it auth is off. */
  verify?: TokenVerifier;
  /**
   * A token for the demo page to use (the dev token), embedded in the page this runtime serves
   * when it listens on loopback only, or with `embedDemoToken` (CAIRN_EMBED_DEV_TOKEN=1).
   */
  demoToken?: string;
  /** Embed `demoToken` even when listening beyond loopback: anyone who loads the page gets it. */
  embedDemoToken?: boolean;
  /** Per-connection bounds of the WebSocket gateway (frame rate, queues); the defaults otherwise. */
  socketLimits?: Partial<SocketLimits>;
  /** The origins whose pages may call the REST API (CAIRN_CORS_ORIGINS); `*` without it. */
  corsOrigins?: CorsOrigins;
  fsync?: boolean;
  log?: (error: unknown) => void;
}

export interface LocalRuntime {
  url: string;
  wsUrl: string;
  /** The loopback-only management API (`/@connections/{id}`) the pusher calls. */
  managementEndpoint: string;
  sockets: WebSocketGateway | undefined;
  port: number;
  adapters: CommandAdapters;
  projectionAdapters: ProjectionAdapters | undefined;
  pipeline: ProjectionPipeline | undefined;
  close: () => Promise<void>;
}

/**
 * The whole of Cairn in one process: the REST gateway calling the command and query handlers,
 * the command worker fed from the FIFO command queue, and the event flow from the store's change
 * feed to the views, each fed as Lambda's event source mappings would feed it.
 */
export const startLocalRuntime = async (options: LocalRuntimeOptions): Promise<LocalRuntime> => {
  let liveViews: LiveViews | undefined;
  const ownsData = !options.adapters && options.store !== 'aws' && options.dataDir;
  const unlock = ownsData && options.dataDir ? lockDataDir(options.dataDir) : () => {};
  const { adapters, projectionAdapters, streamTable, registry: chosenRegistry } = await chooseAdapters(options);
  const log = options.log ?? ((error: unknown) => console.error(error));
  const service = createCommandService(adapters);
  // The local gateway has no authorizer in front: each handler verifies the bearer token itself.
  const authenticate = options.verify && bearerAuthenticator(options.verify);
  // Every handler holds the catalog's live set of active contexts.
  const catalog =
    options.contexts && new ContextCatalog(contextRecordsFile(options.dataDir), options.contexts, () => new Date());
  const contexts = catalog ? catalog.active : undefined;
  const contextAdminApi = createContextAdminApi({ catalog, authenticate, now: () => new Date() });
  const commandApi = createCommandApi({
    service,
    eventStore: adapters.eventStore,
    ledger: adapters.ledger,
    registry: sampleDomain.aggregates,
    contexts,
    authenticate,
    newId: newCommandId,
    now: () => new Date(),
    log,
  });
  const worker = createCommandWorker(service);
  const poller = new QueuePoller(adapters.commandQueue, (event) => worker(event), {
    queueArn: 'arn:aws:sqs:local:000000000000:cairn-commands.fifo',
    onError: log,
  });
  poller.start();

  const pipeline =
    projectionAdapters &&
    startProjectionPipeline({
      eventStore: adapters.eventStore,
      adapters: projectionAdapters,
      projections: sampleDomain.projections,
      followers: { registry: sampleDomain.aggregates, ledger: adapters.ledger, snapshots: adapters.snapshots },
      dataDir: options.dataDir,
      streamTable,
      onChanges: async (changes) => {
        await liveViews?.pushChanges(changes);
      },
      log,
    });
  const readTarget =
    pipeline && ((context: string, projection: string) => pipeline.generations.readTarget(context, projection));
  const queryApi =
    projectionAdapters &&
    createQueryApi({
      projections: sampleDomain.projections,
      views: projectionAdapters.views,
      contexts,
      readTarget,
      authenticate,
      log,
    });

  const adminApi =
    pipeline &&
    adapters.catalog &&
    createProjectionAdminApi({
      projections: sampleDomain.projections,
      service: pipeline.service,
      generations: pipeline.generations,
      catalog: adapters.catalog,
      settleMs: GENERATIONS_CACHE_MS + 200,
      contexts,
      authenticate,
    });

  // API Gateway routes `/v1/{context}/views/...` to the query function and the rest to the command function.
  const route = (event: APIGatewayProxyEvent) => {
    const segments = event.path.split('/').filter(Boolean);
    if (queryApi && isViewPath(segments)) return queryApi(event);
    if (adminApi && isRebuildPath(segments)) return adminApi(event);
    if (isContextAdminPath(segments)) return contextAdminApi(event);
    return commandApi(event);
  };
  // CORS as in the stack: each handler's answer gets the headers as the Lambda entries add them
  // (withCors), the gateway's own answers as the gateway responses carry them, preflights as the mock.
  const cors = options.corsOrigins ?? '*';
  let sockets: WebSocketGateway | undefined;
  const host = options.host ?? '127.0.0.1';
  // The dev token (admin) goes into the demo page only where nobody else can load the page.
  const demoToken = isLoopback(host) || options.embedDemoToken ? options.demoToken : undefined;
  const server = createHttpGateway(withCors(cors, route), {
    localRoutes: [corsPreflight(cors), webFiles(demoToken)],
    ownHeaders: (request) => corsHeaders(cors, request.headers.origin),
    log,
  });
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  // Live push: the same management-API client as in AWS, pointed at this process's management
  // API, which listens on loopback apart from the public port and needs this process's key.
  const registry = options.registry ?? chosenRegistry ?? new EmbeddedConnectionRegistry();
  const management = await startManagementApi((connectionId) => sockets?.connection(connectionId), log);
  const pusher = new ManagementApiPusher(management.client());
  if (projectionAdapters) {
    liveViews = new LiveViews({
      registry,
      pusher,
      views: projectionAdapters.views,
      projections: sampleDomain.projections,
      readTarget,
      // The catalog's live set: a push to a socket of a retired context closes it instead.
      contexts,
      log,
    });
    sockets = new WebSocketGateway(
      createWebSocketApi({
        registry,
        liveViews,
        pusher,
        commands: service,
        contexts,
        authenticate: options.verify && tokenConnectAuthenticator(options.verify),
        verify: options.verify,
        newId: newCommandId,
        now: () => new Date(),
        log,
      }),
      { log, limits: options.socketLimits },
    );
    sockets.attach(server);
  }
  return {
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/ws`,
    managementEndpoint: management.endpoint,
    port,
    adapters,
    projectionAdapters,
    pipeline,
    sockets,
    close: async () => {
      await sockets?.close();
      await management.close();
      await poller.stop();
      await pipeline?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      adapters.close?.();
      projectionAdapters?.close?.();
      unlock();
    },
  };
};
