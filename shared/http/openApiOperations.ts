/**
 * What each route of the table does, for the OpenAPI document: keyed by `METHOD path` as in
 * REST_ROUTES. A route of the table without an entry here is still documented (openApi.ts gives it
 * its path variables and errors), so a new route shows up at once and gains detail when described.
 */

import { CONSOLE_OPERATIONS } from './openApiConsole';
import { DOMAIN_RULE, ERRORS, type RouteError } from './openApiErrors';
import { type JsonSchema, ref } from './openApiSchemas';

export interface OperationSpec {
  summary: string;
  description?: string;
  /** Names of `components.parameters` (query strings and headers). */
  parameters?: readonly string[];
  /** The request body's component schema. */
  body?: string;
  /** The body may be left out. */
  bodyOptional?: boolean;
  /** Success responses: status → description, body schema and response headers. */
  responses: Record<string, { description: string; schema?: JsonSchema; headers?: readonly string[] }>;
  errors: readonly RouteError[];
}

const E = ERRORS;
const body = (schema: string) => ({ schema: ref(schema) });

export const OPERATIONS: Record<string, OperationSpec> = {
  'GET /health': {
    summary: 'Liveness',
    responses: { 200: { description: 'The API answers', ...body('Health') } },
    errors: [],
  },
  'GET /openapi.json': {
    summary: 'This document',
    responses: { 200: { description: 'The OpenAPI 3.1 document of this API', schema: { type: 'object' } } },
    errors: [],
  },
  'GET /asyncapi.json': {
    summary: 'The WebSocket protocol',
    responses: { 200: { description: 'The AsyncAPI 3.0 document of the WebSocket API', schema: { type: 'object' } } },
    errors: [],
  },
  'POST /v1/{context}/commands': {
    summary: 'Send a command',
    description:
      "Runs the command and answers its events, or with `Prefer: respond-async` enqueues it in its aggregate's FIFO group.",
    parameters: ['If-Match', 'Idempotency-Key', 'Prefer'],
    body: 'Command',
    responses: {
      200: {
        description: 'The command ran',
        ...body('CommandResult'),
        headers: ['ETag', 'X-Cairn-Attempts', 'Idempotent-Replayed'],
      },
      202: {
        description: 'Accepted (respond-async): follow Location',
        ...body('CommandAccepted'),
        headers: ['Location'],
      },
    },
    errors: [
      E.invalidJson,
      E.validation,
      E.unknownCommand,
      E.unknownContext,
      E.versionConflict,
      E.payloadTooLarge,
      E.unsupportedMediaType,
      E.idempotencyKeyReused,
      DOMAIN_RULE,
    ],
  },
  'GET /v1/{context}/commands/{commandId}': {
    summary: "A command's status",
    responses: {
      200: {
        description: 'Its status, with its result or error once it ended',
        ...body('CommandStatus'),
        headers: ['ETag'],
      },
    },
    errors: [E.unknownContext, E.commandNotFound],
  },
  'GET /v1/{context}/aggregates/{aggregateType}/{aggregateId}/events': {
    summary: "An aggregate's events, a page at a time",
    parameters: ['fromVersion', 'limit'],
    responses: {
      200: {
        description: "A page of at most 1,000 events, each in its type's newest shape (`schemaVersion`)",
        ...body('EventsPage'),
        headers: ['ETag'],
      },
    },
    errors: [E.validation, E.unknownContext, E.unknownAggregateType, E.aggregateNotFound],
  },
  'GET /v1/{context}/views/{projection}/{key}': {
    summary: 'A view',
    description: 'With `minVersion`, waits up to 3 s for the view to reach it (read-your-writes).',
    parameters: ['minVersion'],
    responses: {
      200: { description: "The view; `data` is the projection's view schema", ...body('View'), headers: ['ETag'] },
    },
    errors: [E.validation, E.unknownContext, E.unknownProjection, E.viewNotFound, E.viewNotReady],
  },
  'GET /v1/{context}/views/{projection}': {
    summary: "A projection's views, a page at a time: by key, or filtered and sorted by its index",
    parameters: ['pageLimit', 'cursor', 'prefix', 'filter', 'sort', 'order', 'member', 'minVersion'],
    responses: {
      200: {
        description: 'A page of views; `nextCursor` when more follow',
        schema: {
          type: 'object',
          required: ['items'],
          properties: { items: { type: 'array', items: ref('View') }, nextCursor: { type: 'string' } },
        },
        headers: ['ETag'],
      },
    },
    errors: [E.validation, E.unknownContext, E.unknownProjection, E.viewNotReady],
  },
  'GET /v1/_admin/contexts': {
    summary: 'List the contexts',
    responses: { 200: { description: 'Every context, active and retired', ...body('ContextList') } },
    errors: [],
  },
  'POST /v1/_admin/contexts': {
    summary: 'Create a context',
    body: 'NewContext',
    responses: { 201: { description: 'Created', ...body('ContextRecord'), headers: ['Location'] } },
    errors: [E.invalidJson, E.validation, E.payloadTooLarge, E.contextExists, E.contextsOpen],
  },
  'DELETE /v1/_admin/contexts/{name}': {
    summary: 'Retire a context',
    responses: { 200: { description: 'Retired; the name is not reused', ...body('ContextRecord') } },
    errors: [E.unknownContext, E.contextsOpen],
  },
};

const rebuild = (): Record<string, OperationSpec> => {
  const errors = [E.unknownContext, E.unknownProjection];
  return {
    GET: {
      summary: "A projection rebuild's progress",
      responses: { 200: { description: 'Its progress', ...body('RebuildProgress') } },
      errors: [...errors, E.rebuildNotFound],
    },
    POST: {
      summary: 'Rebuild a projection into a new generation',
      description:
        'Readers move to the new generation once it is built; with `{"switch": "manual"}` it waits, written live beside the live one, until `POST .../switch` (state `built`).',
      body: 'RebuildOptions',
      bodyOptional: true,
      responses: {
        202: { description: 'Started: follow Location', ...body('RebuildProgress'), headers: ['Location'] },
      },
      errors: [...errors, E.rebuildInProgress, E.validation, E.invalidJson],
    },
  };
};

Object.assign(OPERATIONS, CONSOLE_OPERATIONS);

for (const path of [
  '/v1/{context}/_admin/projections/{projection}/rebuild',
  '/v1/_admin/contexts/{context}/projections/{projection}/rebuild',
]) {
  for (const [method, spec] of Object.entries(rebuild())) OPERATIONS[`${method} ${path}`] = spec;
}
