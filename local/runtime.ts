import { hostname } from 'node:os';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ManagementApiPusher } from '#adapters/apigateway/managementApiPusher';
import { contextRecordsFile } from '#adapters/embedded/contextRecordsFile';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { ContextCatalog } from '#application/contextCatalog';
import { PROJECTION_MAX_RECEIVES } from '#application/limits';
import { sampleDomain } from '#domain/index';
import { tokenConnectAuthenticator } from '#handlers/websocket/websocketApi';
import { bearerAuthenticator } from '#http/authorize';
import { corsHeaders } from '#http/cors';
import { routeOf } from '#http/routes';
import { type CairnLog, composeCairn } from '#runtime/composeCairn';
import { corsPreflight } from './corsPreflight';
import { lockDataDir } from './dataDirLock';
import { processFlowOf, startEventFlow } from './eventFlow';
import { createHttpGateway } from './httpGateway';
import { listen } from './listen';
import { localCairnAdapters } from './localAdapters';
import { isLoopback } from './loopback';
import { QueuePoller } from './queuePoller';
import { chooseAdapters } from './runtimeAdapters';
import { keepLease } from './runtimeLease';
import type { LocalRuntime, LocalRuntimeOptions } from './runtimeTypes';
import { HeldConnectionPusher } from './sockets/heldConnectionPusher';
import type { LocalConnection } from './sockets/localConnection';
import { startManagementApi } from './sockets/managementApi';
import { managementKey } from './sockets/managementAuth';
import { webFiles } from './webFiles';
import { WebSocketGateway } from './websocketGateway';

export type { LocalRuntime, LocalRuntimeOptions, ProjectionPipeline } from './runtimeTypes';

/**
 * The whole of Cairn in one process: the composition root's handlers behind a local stand-in for
 * each AWS service in front of them. The REST gateway dispatches by the stack's route table, the
 * command worker is fed from the FIFO command queue, and the event flow from the store's change
 * feed to the views, each as Lambda's event source mappings would feed it.
 */
export const startLocalRuntime = async (options: LocalRuntimeOptions): Promise<LocalRuntime> => {
  const ownsData = !options.adapters && options.store !== 'aws' && options.dataDir;
  const unlock = ownsData && options.dataDir ? lockDataDir(options.dataDir) : () => {};
  const chosen = await chooseAdapters(options).catch((error: unknown) => {
    unlock();
    throw error;
  });
  const { adapters, projectionAdapters } = chosen;
  if (chosen.changeFeed?.kind === 'dynamodbStream' && !chosen.changeFeed.leaseTable) {
    throw new Error('Reading a DynamoDB stream needs a leases table: LEASES_TABLE, or the leaseTable option');
  }
  const report = options.log ?? ((error: unknown) => console.error(error));
  const log: CairnLog = { error: (_message, error) => report(error), warn: (_message, error) => report(error) };
  // The catalog's contexts: created and retired in the `_admin` area, kept under `dataDir`, or on
  // the AWS adapters in the contexts table that every runtime on those tables shares. Answered from
  // its cache: its own writes show at once, another runtime's within the refresh, as deployed
  // functions see each other's.
  const catalog =
    options.contexts &&
    new ContextCatalog(chosen.contextStore ?? contextRecordsFile(options.dataDir), {
      seed: options.contexts,
      refreshMs: 1000,
    });
  await catalog?.seed();

  // Live push: straight onto the sockets this process holds; to any other connection through the
  // same management-API client as in AWS, pointed at the management API of the runtime that holds
  // it (apart from the public port, every request signed with the key the runtimes share).
  const connections = new Map<string, LocalConnection>();
  const held = (connectionId: string) => connections.get(connectionId);
  const { secret, ...where } = options.management ?? {};
  const management = await startManagementApi(held, report, { key: managementKey(secret), ...where }).catch(
    (error: unknown) => {
      adapters.close?.();
      projectionAdapters?.close?.();
      unlock();
      throw error;
    },
  );
  // Its lease in the roster its registry shares, renewed while it runs: the others prune its
  // connections once it lapses. Without a shared roster nothing is pruned for being gone (a
  // roster of its own would take every other runtime on the registry for gone).
  const roster = options.roster ?? chosen.roster;
  const lease = roster && keepLease(roster, management.endpoint, report, options.runtimeLeaseMs);
  const pusher = new HeldConnectionPusher(held, new ManagementApiPusher(management.client()), {
    endpoint: management.endpoint,
    peer: (endpoint) => new ManagementApiPusher(management.client(endpoint)),
  });
  const cairn = composeCairn({
    domain: options.domain ?? sampleDomain,
    adapters: localCairnAdapters({
      command: adapters,
      projection: projectionAdapters,
      connections: options.registry ?? chosen.registry ?? new EmbeddedConnectionRegistry(),
      pusher,
      roster,
    }),
    contexts: catalog,
    contextCatalog: catalog,
    // The local gateway has no authorizer in front: each handler verifies the bearer token itself.
    authenticate: options.verify && bearerAuthenticator(options.verify),
    sockets: {
      authenticate: options.verify && tokenConnectAuthenticator(options.verify),
      verify: options.verify,
      endpoint: management.endpoint,
    },
    projectionDeadLetterAt: PROJECTION_MAX_RECEIVES,
    rebuilds: Boolean(projectionAdapters && adapters.catalog),
    // CORS as in the stack: each handler's answer gets the headers as the Lambda entries add them,
    // the gateway's own answers as the gateway responses carry them, preflights as the mock.
    cors: options.corsOrigins ?? '*',
    log,
  });

  const worker = cairn.commandWorker();
  const visibility = options.queueVisibilityMs === undefined ? {} : { visibilityMs: options.queueVisibilityMs };
  const poller = new QueuePoller(adapters.commandQueue, (event) => worker(event), {
    queueArn: 'arn:aws:sqs:local:000000000000:cairn-commands.fifo',
    onError: report,
    ...visibility,
  });
  poller.start();

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
  const port = await listen(server, options.port, host, 'api').catch(async (error: unknown) => {
    // Nothing is served: give back what was started, the data directory's lock above all.
    await lease?.stop();
    await management.close();
    await poller.stop();
    adapters.close?.();
    projectionAdapters?.close?.();
    unlock();
    throw error;
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // Started once the port is known: it names this runtime in the stream's leases.
  const flow =
    projectionAdapters &&
    startEventFlow({
      cairn,
      changeFeed: chosen.changeFeed,
      projectionQueue: projectionAdapters.projectionQueue,
      processes: processFlowOf(options.domain ?? sampleDomain, projectionAdapters),
      dataDir: options.dataDir,
      runtimeName: `${hostname()}:${port}`,
      streamLeaseMs: options.streamLeaseMs,
      log: report,
      ...visibility,
    });
  const pipeline = flow && { ...flow, service: cairn.projectionService(), generations: cairn.generations() };
  const sockets =
    projectionAdapters &&
    new WebSocketGateway(cairn.webSocketApi(), { log: report, limits: options.socketLimits, connections });
  sockets?.attach(server);
  return {
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/ws`,
    managementEndpoint: management.endpoint,
    managementClient: management.client,
    port,
    adapters,
    projectionAdapters,
    pipeline,
    sockets,
    close: async () => {
      await sockets?.close();
      await lease?.stop();
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
