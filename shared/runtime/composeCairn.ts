import { randomUUID } from 'node:crypto';
import { commitFromStreamRecord } from '#adapters/dynamodb/commitStreamRecord';
import { commitHandler } from '#application/commitFollowers';
import { GENERATIONS_CACHE_MS } from '#application/projectionGenerations';
import { createAdminApi } from '#handlers/adminApi';
import { createCommandApi } from '#handlers/commandApi';
import { createCommandWorker } from '#handlers/commandWorker';
import { createContextAdminApi } from '#handlers/contextAdminApi';
import { createProcessWorker } from '#handlers/processWorker';
import { createProjectionWorker } from '#handlers/projectionWorker';
import { createQueryApi } from '#handlers/queryApi';
import { createProjectionAdminApi } from '#handlers/rebuildAdminApi';
import { createStreamPublisher } from '#handlers/streamPublisher';
import { createWebSocketApi } from '#handlers/websocket/websocketApi';
import { withCors } from '#http/cors';
import { withReadAnswers } from '#http/readAnswers';
import type { CairnConfig } from './cairnConfig';
import { cairnServices } from './cairnServices';
import { once } from './once';
import { operationsAdminOf } from './operationsAdmin';

export type { CairnConfig, CairnLog } from './cairnConfig';

/**
 * The one composition root: every handler of Cairn, wired from a domain and a set of adapters,
 * each built on first use. Each Lambda entry picks one; the local runtime takes them all.
 */
export const composeCairn = (config: CairnConfig) => {
  const { domain, adapters, contexts, log } = config;
  const newId = config.newId ?? randomUUID;
  const now = config.now ?? (() => new Date());
  // Every REST handler: conditional GETs and HEAD answered from the GET (readAnswers.ts), then the
  // CORS headers on whatever the answer is, a 304 included.
  const rest = (handler: Parameters<typeof withCors>[1]) => {
    const reads = withReadAnswers(handler);
    return config.cors ? withCors(config.cors, reads) : reads;
  };

  const {
    commandService,
    generations,
    readTarget,
    projectionService,
    liveViews,
    eventTail,
    publisher,
    followers,
    processService,
  } = cairnServices(config);
  const contextAdminApi = once(() =>
    createContextAdminApi({
      catalog: config.contextCatalog,
      authenticate: config.authenticate,
      now,
      log: (error) => log.error('admin request failed', error),
    }),
  );
  const rebuildAdminApi = once(() => {
    if (!adapters.streams) throw new Error('A projection rebuild needs the event store to list its streams');
    return createProjectionAdminApi({
      projections: domain.projections,
      service: projectionService(),
      generations: generations(),
      catalog: adapters.streams,
      settleMs: GENERATIONS_CACHE_MS + 200,
      contexts,
      authenticate: config.authenticate,
      log: (error) => log.error('rebuild request failed', error),
    });
  });

  const operationsAdminApi = once(() => operationsAdminOf(config, generations(), now));

  return {
    commandService,
    projectionService,
    generations,
    liveViews,
    /** REST: commands, their status, an aggregate's events, `/health`. */
    commandApi: once(() =>
      rest(
        createCommandApi({
          service: commandService(),
          eventStore: adapters.eventStore,
          ledger: adapters.ledger,
          registry: domain.aggregates,
          projections: domain.projections,
          contexts,
          authenticate: config.authenticate,
          newId,
          now,
          log: (error) => log.error('command request failed', error),
        }),
      ),
    ),
    /** The FIFO command queue's consumer (respond-async commands). */
    commandWorker: once(() => createCommandWorker(commandService())),
    /** The event store's DynamoDB stream → projection queue + bus, and each commit's followers. */
    streamPublisher: once(() =>
      createStreamPublisher(
        commitFromStreamRecord,
        publisher(),
        (error) => log.error('stream publish failed', error),
        followers(),
      ),
    ),
    /** The same for one commit at a time: what an embedded change feed calls. */
    commitHandler: once(() => commitHandler(publisher(), followers())),
    /** The FIFO projection queue's consumer: views, then the live push. */
    projectionWorker: once(() =>
      createProjectionWorker({
        service: projectionService(),
        eventStore: adapters.eventStore,
        upcast: domain.upcast,
        onChanges:
          config.livePush === false ? undefined : async (changes) => void (await liveViews().pushChanges(changes)),
        onEvent: config.livePush === false ? undefined : (message) => eventTail().push(message),
        deadLetters: adapters.projectionDeadLetters && {
          queue: adapters.projectionDeadLetters,
          maxReceiveCount: config.projectionDeadLetterAt,
        },
        log: (error) => log.error('projection failed', error),
      }),
    ),
    /** The FIFO process queue's consumer: process managers' events and fired deadlines. */
    processWorker: once(() =>
      createProcessWorker({
        service: processService(),
        deadLetters: adapters.processDeadLetters && {
          queue: adapters.processDeadLetters,
          maxReceiveCount: config.projectionDeadLetterAt,
        },
        log: (error) => log.error('process failed', error),
      }),
    ),
    /** REST: views, with read-your-writes (`minVersion`). */
    queryApi: once(() =>
      rest(
        createQueryApi({
          projections: domain.projections,
          views: adapters.views,
          contexts,
          readTarget,
          authenticate: config.authenticate,
          log: (error) => log.error('query failed', error),
        }),
      ),
    ),
    /** The WebSocket API: connect, subscribe, commands over the socket. */
    webSocketApi: once(() =>
      createWebSocketApi({
        registry: adapters.connections,
        liveViews: liveViews(),
        tail: eventTail(),
        pusher: adapters.pusher,
        commands: commandService(),
        contexts,
        authenticate: config.sockets?.authenticate,
        verify: config.sockets?.verify,
        endpoint: config.sockets?.endpoint,
        newId,
        now,
        log: (error) => log.error('frame failed', error),
      }),
    ),
    /** REST: the `_admin` area. */
    adminApi: once(() =>
      rest(
        createAdminApi({
          contexts: contextAdminApi(),
          operations: operationsAdminApi,
          rebuilds: config.rebuilds ? rebuildAdminApi : undefined,
          log: (error) => log.error('admin request failed', error),
        }),
      ),
    ),
  };
};

export type Cairn = ReturnType<typeof composeCairn>;
