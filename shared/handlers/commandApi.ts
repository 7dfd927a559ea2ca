import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { awaitCommand } from '#application/awaitCommand';
import { recordedResult } from '#application/commandRecords';
import { commandBodySchema } from '#application/commandRequest';
import type { CommandService } from '#application/commandService';
import { requireServedContext } from '#application/contextGates';
import { LIMITS } from '#application/limits';
import { fieldIssues } from '#application/zodIssues';
import type { AggregateRegistry } from '#core/aggregate';
import { NotFoundError, ValidationError } from '#core/errors';
import { ID_PATTERN, streamKeyOf } from '#core/ids';
import { createProjectionRegistry, type ProjectionRegistry } from '#core/projection';
import { type AsyncApiDocument, buildAsyncApi } from '#http/asyncApi';
import { type Authenticator, authorize } from '#http/authorize';
import { requireMethod } from '#http/methods';
import { buildOpenApi, type OpenApiDocument } from '#http/openApi';
import { intParam, jsonBody, pathSegments } from '#http/request';
import { errorResponse, json, taggedJson } from '#http/responses';
import type { RoutePath } from '#http/routes';
import type { CommandLedger } from '#ports/commandLedger';
import type { ContextGate } from '#ports/contextGate';
import type { EventStore } from '#ports/eventStore';
import { commandHeaders } from './commandHeaders';

export interface CommandApiDeps {
  service: CommandService;
  eventStore: EventStore;
  ledger: CommandLedger;
  registry: AggregateRegistry;
  /** The views `/openapi.json` and `/asyncapi.json` document beside the commands; none without. */
  projections?: ProjectionRegistry;
  /** When set, only these contexts exist; others get 404 UNKNOWN_CONTEXT. */
  contexts?: ContextGate;
  /** Verifies bearer tokens; without it, auth is off (local runtime only). */
  authenticate?: Authenticator;
  newId: () => string;
  now: () => Date;
  /** Where a failure that is no typed error (answered 500) is reported. */
  log: (error: unknown) => void;
}

const MAX_EVENTS_PAGE = 1000;

/** The REST command API: routes API Gateway proxy events to the command service. */
export const createCommandApi = (deps: CommandApiDeps) => {
  const checkContext = (context: string): Promise<string> => requireServedContext(context, deps.contexts);
  const domain = {
    aggregates: deps.registry,
    projections: deps.projections ?? createProjectionRegistry([]),
    upcast: deps.registry.upcast,
  };
  let openApi: OpenApiDocument | undefined;
  let asyncApi: AsyncApiDocument | undefined;
  // Built on first request, once per process: the registry does not change while it runs.
  const openApiDocument = (): OpenApiDocument => {
    openApi ??= buildOpenApi(domain);
    return openApi;
  };
  const asyncApiDocument = (): AsyncApiDocument => {
    asyncApi ??= buildAsyncApi(domain);
    return asyncApi;
  };

  const postCommand = async (context: string, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const headers = commandHeaders(event);
    const parsed = commandBodySchema.safeParse(jsonBody(event, LIMITS.commandBodyBytes));
    if (!parsed.success) throw new ValidationError('Invalid command', fieldIssues(parsed.error));
    const request = {
      context,
      commandId: headers.idempotencyKey ?? deps.newId(),
      ...parsed.data,
      expectedVersion: headers.expectedVersion,
      issuedAt: deps.now().toISOString(),
    };
    if (headers.respondAsync) {
      const accepted = await deps.service.enqueue(request);
      const location = `/v1/${context}/commands/${encodeURIComponent(accepted.commandId)}`;
      const waitSeconds = headers.waitSeconds ?? 0;
      if (waitSeconds === 0) return json(202, { commandId: accepted.commandId, status: accepted.status }, { location });
      // Queued in its aggregate's FIFO group, so writers on a hot aggregate take turns instead of
      // fighting; answered in full if it ends within the wait (the Axon-style `sendAndWait`).
      const record = await awaitCommand(deps.ledger, accepted, waitSeconds * 1000);
      const applied = { 'preference-applied': `respond-async, wait=${waitSeconds}`, location };
      if (record.status === 'accepted')
        return json(202, { commandId: record.commandId, status: record.status }, applied);
      const result = recordedResult(record, record.fingerprint);
      return json(200, result, { ...applied, etag: `"${result.version}"` });
    }
    const outcome = await deps.service.execute(request, { freshId: headers.idempotencyKey === undefined });
    const extra: Record<string, string> = {
      etag: `"${outcome.result.version}"`,
      'x-cairn-attempts': String(outcome.attempts),
    };
    if (outcome.replayed) extra['idempotent-replayed'] = 'true';
    return json(200, outcome.result, extra);
  };

  const getCommand = async (context: string, commandId: string): Promise<APIGatewayProxyResult> => {
    const record = await deps.ledger.get(context, commandId);
    if (!record) throw new NotFoundError('COMMAND_NOT_FOUND', `No command '${commandId}' in context '${context}'`);
    const { status, result, error } = record;
    // Its status changes until it ends: the ETag is the answer's content (If-None-Match while polling).
    return taggedJson(200, { commandId, status, ...(result && { result }), ...(error && { error }) });
  };

  const getEvents = async (
    context: string,
    aggregateType: string,
    aggregateId: string,
    event: APIGatewayProxyEvent,
  ): Promise<APIGatewayProxyResult> => {
    if (!deps.registry.byType(aggregateType)) {
      throw new NotFoundError('UNKNOWN_AGGREGATE_TYPE', `Unknown aggregate type '${aggregateType}'`);
    }
    if (!ID_PATTERN.test(aggregateId)) {
      throw new ValidationError('Invalid aggregate id', [
        { path: 'aggregateId', message: 'invalid characters or length' },
      ]);
    }
    const fromVersion = intParam(event, 'fromVersion', 1, { min: 1, max: Number.MAX_SAFE_INTEGER });
    const limit = intParam(event, 'limit', MAX_EVENTS_PAGE, { min: 1, max: MAX_EVENTS_PAGE });
    const streamKey = streamKeyOf(context, aggregateType, aggregateId);
    const { events, hasMore } = await deps.eventStore.read(streamKey, { fromVersion, limit });
    const version =
      hasMore || events.length === 0 ? await deps.eventStore.currentVersion(streamKey) : (events.at(-1)?.version ?? 0);
    if (version === 0)
      throw new NotFoundError('AGGREGATE_NOT_FOUND', `No events for ${aggregateType} '${aggregateId}'`);
    const next = hasMore ? { nextFromVersion: (events.at(-1)?.version ?? fromVersion) + 1 } : {};
    // Served in each type's newest shape, with that version; what is stored stays as written. The
    // ETag is the aggregate's version: for one URL (its fromVersion and limit) the page is a
    // function of it (and of the code's upcasters), so the tag is exact for If-None-Match, and it
    // is the If-Match a command on the aggregate sends next.
    const served = events.map((stored) => deps.registry.upcast(aggregateType, stored));
    return json(200, { aggregateId, aggregateType, version, events: served, ...next }, { etag: `"${version}"` });
  };

  const route = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const segments = pathSegments(event.path);
    const [v1, context, collection, ...rest] = segments;
    /** Serves the route at `path` once the method is one of its own (else 405 with its methods). */
    const serve = async (path: RoutePath, run: () => Promise<APIGatewayProxyResult> | APIGatewayProxyResult) => {
      await requireMethod(event, path, deps.authenticate);
      return run();
    };
    const reader = async (name: string) => authorize(event, deps.authenticate, await checkContext(name), 'reader');
    if (segments.length === 1 && v1 === 'health') return serve('/health', () => json(200, { status: 'ok' }));
    if (segments.length === 1 && v1 === 'openapi.json') {
      return serve('/openapi.json', () => json(200, openApiDocument()));
    }
    if (segments.length === 1 && v1 === 'asyncapi.json') {
      return serve('/asyncapi.json', () => json(200, asyncApiDocument()));
    }
    if (v1 !== 'v1' || context === undefined) throw routeNotFound(event.path);
    if (collection === 'commands' && rest.length === 0) {
      return serve('/v1/{context}/commands', async () => {
        await authorize(event, deps.authenticate, await checkContext(context), 'writer');
        return postCommand(context, event);
      });
    }
    if (collection === 'commands' && rest.length === 1 && rest[0]) {
      const commandId = rest[0];
      return serve('/v1/{context}/commands/{commandId}', async () => {
        await reader(context);
        return getCommand(context, commandId);
      });
    }
    if (collection === 'aggregates' && rest.length === 3 && rest[2] === 'events' && rest[0] && rest[1]) {
      const [type, id] = [rest[0], rest[1]];
      return serve('/v1/{context}/aggregates/{aggregateType}/{aggregateId}/events', async () => {
        await reader(context);
        return getEvents(context, type, id, event);
      });
    }
    throw routeNotFound(event.path);
  };

  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      return await route(event);
    } catch (error) {
      return errorResponse(error, deps.log);
    }
  };
};

const routeNotFound = (path: string) => new NotFoundError('ROUTE_NOT_FOUND', `No route for ${path}`);
