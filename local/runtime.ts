import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ManagementApiPusher } from '#adapters/apigateway/managementApiPusher';
import { contextRecordsFile } from '#adapters/embedded/contextRecordsFile';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import type { TokenVerifier } from '#application/access';
import { ContextCatalog } from '#application/contextCatalog';
import { PROJECTION_MAX_RECEIVES } from '#application/limits';
import type { ProjectionGenerations } from '#application/projectionGenerations';
import type { ProjectionService } from '#application/projectionService';
import type { Domain } from '#core/domain';
import { sampleDomain } from '#domain/index';
import { tokenConnectAuthenticator } from '#handlers/websocket/websocketApi';
import { bearerAuthenticator } from '#http/authorize';
import { type CorsOrigins, corsHeaders } from '#http/cors';
import { routeOf } from '#http/routes';
import type { ConnectionRegistry } from '#ports/connectionRegistry';
import { type CairnLog, composeCairn } from '#runtime/composeCairn';
import type { CommandAdapters, ProjectionAdapters } from '#runtime/embeddedAdapters';
import { corsPreflight } from './corsPreflight';
import { lockDataDir } from './dataDirLock';
import { type EventFlow, startEventFlow } from './eventFlow';
import { createHttpGateway } from './httpGateway';
import { localCairnAdapters } from './localAdapters';
import { isLoopback } from './loopback';
import { QueuePoller } from './queuePoller';
import { chooseAdapters } from './runtimeAdapters';
import type { LocalConnection } from './sockets/localConnection';
import { startManagementApi } from './sockets/managementApi';
import type { SocketLimits } from './sockets/socketLimits';
import { webFiles } from './webFiles';
import { WebSocketGateway } from './websocketGateway';

export interface LocalRuntimeOptions {
  port: number;
  /** The application's aggregates and projections; the sample domain without it. */
  domain?: Domain;
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

/** The event flow's parts that tools and tests reach into (rebuilds, waiting for the publisher). */
export interface ProjectionPipeline extends EventFlow {
  service: ProjectionService;
  generations: ProjectionGenerations;
}

/**
 * The whole of Cairn in one process: the composition root's handlers behind a local stand-in for
 * each AWS service in front of them. The REST gateway dispatches by the stack's route table, the
 * command worker is fed from the FIFO command queue, and the event flow from the store's change
 * feed to the views, each as Lambda's event source mappings would feed it.
 */
export const startLocalRuntime = async (options: LocalRuntimeOptions): Promise<LocalRuntime> => {
  const ownsData = !options.adapters && options.store !== 'aws' && options.dataDir;
  const unlock = ownsData && options.dataDir ? lockDataDir(options.dataDir) : () => {};
  const chosen = await chooseAdapters(options);
  const { adapters, projectionAdapters } = chosen;
  const report = options.log ?? ((error: unknown) => console.error(error));
  const log: CairnLog = { error: (_message, error) => report(error), warn: (_message, error) => report(error) };
  // The catalog's contexts: created and retired in the `_admin` area, kept under `dataDir`.
  // Answered from its cache: its own writes show at once, another runtime's sharing the directory
  // (CAIRN_STORE=aws takes no lock) within the refresh, as deployed functions see each other's.
  const catalog =
    options.contexts &&
    new ContextCatalog(contextRecordsFile(options.dataDir), { seed: options.contexts, refreshMs: 1000 });
  await catalog?.seed();

  // Live push: the same management-API client as in AWS, pointed at this process's management
  // API, which listens on loopback apart from the public port and needs this process's key.
  const connections = new Map<string, LocalConnection>();
  const management = await startManagementApi((connectionId) => connections.get(connectionId), report);
  const cairn = composeCairn({
    domain: options.domain ?? sampleDomain,
    adapters: localCairnAdapters({
      command: adapters,
      projection: projectionAdapters,
      connections: options.registry ?? chosen.registry ?? new EmbeddedConnectionRegistry(),
      pusher: new ManagementApiPusher(management.client()),
    }),
    contexts: catalog,
    contextCatalog: catalog,
    // The local gateway has no authorizer in front: each handler verifies the bearer token itself.
    authenticate: options.verify && bearerAuthenticator(options.verify),
    sockets: { authenticate: options.verify && tokenConnectAuthenticator(options.verify), verify: options.verify },
    projectionDeadLetterAt: PROJECTION_MAX_RECEIVES,
    rebuilds: Boolean(projectionAdapters && adapters.catalog),
    // CORS as in the stack: each handler's answer gets the headers as the Lambda entries add them,
    // the gateway's own answers as the gateway responses carry them, preflights as the mock.
    cors: options.corsOrigins ?? '*',
    log,
  });

  const worker = cairn.commandWorker();
  const poller = new QueuePoller(adapters.commandQueue, (event) => worker(event), {
    queueArn: 'arn:aws:sqs:local:000000000000:cairn-commands.fifo',
    onError: report,
  });
  poller.start();
  const flow =
    projectionAdapters &&
    startEventFlow({
      cairn,
      changeFeed: chosen.changeFeed,
      projectionQueue: projectionAdapters.projectionQueue,
      dataDir: options.dataDir,
      log: report,
    });
  const pipeline = flow && { ...flow, service: cairn.projectionService(), generations: cairn.generations() };

  // API Gateway's resources, as the stack creates them: views to the query function, the `_admin`
  // area to the admin function, the rest (and what matches no resource) to the command function.
  const route = (event: APIGatewayProxyEvent) => {
    const handler = routeOf(event.path)?.handler ?? 'commandApi';
    if (handler === 'queryApi' && projectionAdapters) return cairn.queryApi()(event);
    if (handler === 'adminApi') return cairn.adminApi()(event);
    return cairn.commandApi()(event);
  };
  const cors = options.corsOrigins ?? '*';
  const host = options.host ?? '127.0.0.1';
  // The dev token (admin) goes into the demo page only where nobody else can load the page.
  const demoToken = isLoopback(host) || options.embedDemoToken ? options.demoToken : undefined;
  const server = createHttpGateway(route, {
    localRoutes: [corsPreflight(cors), webFiles(demoToken)],
    ownHeaders: (request) => corsHeaders(cors, request.headers.origin),
    log: report,
  });
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const sockets =
    projectionAdapters &&
    new WebSocketGateway(cairn.webSocketApi(), { log: report, limits: options.socketLimits, connections });
  sockets?.attach(server);
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
