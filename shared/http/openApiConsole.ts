/**
 * The operator's routes of a context (operationsAdminApi.ts), for the OpenAPI document: what each
 * does, its schemas and its errors. Merged into OPERATIONS and the document's components.
 */
import { CairnError } from '#core/errors';
import { ERRORS as E } from './openApiErrors';
import { type JsonSchema, object, ref } from './openApiSchemas';

const count: JsonSchema = { type: 'integer', minimum: 0 };
const text: JsonSchema = { type: 'string' };
const time: JsonSchema = { type: 'string', format: 'date-time' };
const body = (schema: string) => ({ schema: ref(schema) });

const unavailableHere = new CairnError('UNAVAILABLE_HERE', 501, '');
const unknownQueue = new CairnError('UNKNOWN_QUEUE', 404, '');
const notSwitchable = new CairnError('GENERATION_NOT_SWITCHABLE', 409, '');

export const CONSOLE_PARAMETERS: Record<string, JsonSchema> = {
  adminLimit: {
    name: 'limit',
    in: 'query',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 200 },
    description: 'At most this many items (default 50, at most 200)',
  },
};

export const CONSOLE_SCHEMAS: Record<string, JsonSchema> = {
  WhoAmI: object(
    {
      subject: text,
      roles: { type: 'object', additionalProperties: { enum: ['reader', 'writer', 'admin'] } },
      expiresAt: count,
      authOff: { const: true },
    },
    ['expiresAt', 'authOff'],
  ),
  ProjectionStatusList: object({
    context: text,
    projections: {
      type: 'array',
      items: object({
        name: text,
        sources: { type: 'array', items: text },
        versioning: { enum: ['aggregate', 'total'] },
        head: object({ streams: count, events: count }),
        generations: {
          type: 'array',
          description: 'Newest first; positions for the live and the built or building one',
          items: object(
            {
              generation: { type: 'integer', minimum: 1 },
              storedName: text,
              role: { enum: ['live', 'building', 'built', 'retired'] },
              position: { ...count, description: 'Events of the source streams folded in' },
              views: count,
              streamsBehind: count,
            },
            ['position', 'views', 'streamsBehind'],
          ),
        },
        partial: { type: 'boolean', description: 'A bound (500 streams a type, 5,000 views) cut the count short' },
      }),
    },
  }),
  SwitchGeneration: object({ generation: { type: 'integer', minimum: 1 } }),
  GenerationState: object(
    { context: text, projection: text, live: text, building: text, built: { type: 'boolean' }, generation: count },
    ['building', 'built'],
  ),
  RebuildOptions: object({ switch: { enum: ['auto', 'manual'] } }),
  DeadLetterList: object({
    context: text,
    queue: { enum: ['projections', 'processes'] },
    complete: {
      type: 'boolean',
      description: 'False when letters may be missing (past the limit; SQS FIFO: 10 a group)',
    },
    letters: {
      type: 'array',
      items: object({
        id: text,
        summary: text,
        reason: text,
        failedAt: time,
        receiveCount: count,
        groupId: text,
        dedupId: text,
        body: { ...text, description: 'The failed message as it was sent' },
        message: { description: 'The failed message, parsed' },
      }),
    },
  }),
  Redrive: {
    oneOf: [
      object({ ids: { type: 'array', items: text, minItems: 1, maxItems: 100 } }),
      object({ all: { const: true } }),
    ],
  },
  RedriveResult: object({
    context: text,
    queue: text,
    redriven: { type: 'array', items: text },
    missing: { type: 'array', items: text },
  }),
  ProcessList: object({
    context: text,
    processes: {
      type: 'array',
      items: object({
        name: text,
        sources: { type: 'array', items: text },
        more: { type: 'boolean' },
        instances: {
          type: 'array',
          items: object({
            key: text,
            folded: count,
            updatedAt: time,
            state: {},
            deadlines: { type: 'array', items: object({ name: text, dueAt: time }) },
          }),
        },
      }),
    },
  }),
};

const contextErrors = [E.unknownContext];

export const CONSOLE_OPERATIONS = {
  'GET /v1/_whoami': {
    summary: "What the caller's token grants",
    description: 'Its subject and role per context: what a console offers (the API checks every request again).',
    responses: { 200: { description: 'The principal', ...body('WhoAmI') } },
    errors: [],
  },
  'GET /v1/{context}/_admin/projections': {
    summary: "The context's projections, their generations and positions",
    description:
      "Each generation's position counts the source streams' events folded in, against the event store's (`head`). Needs reader.",
    responses: { 200: { description: 'Every projection', ...body('ProjectionStatusList') } },
    errors: [...contextErrors, unavailableHere],
  },
  'POST /v1/{context}/_admin/projections/{projection}/switch': {
    summary: 'Switch readers to a built generation, or discard it',
    description:
      'For a rebuild started with `{"switch": "manual"}` once it is `built`: the next generation makes it live; the live one discards it. Needs admin.',
    body: 'SwitchGeneration',
    responses: { 200: { description: 'The generations now', ...body('GenerationState') } },
    errors: [...contextErrors, E.unknownProjection, E.validation, E.invalidJson, notSwitchable, unavailableHere],
  },
  'GET /v1/{context}/_admin/dead-letters/{queue}': {
    summary: "The context's dead letters of a worker's queue",
    description: 'Each failed message with its error. Needs reader.',
    parameters: ['adminLimit'],
    responses: { 200: { description: 'The letters', ...body('DeadLetterList') } },
    errors: [...contextErrors, E.validation, unknownQueue, unavailableHere],
  },
  'POST /v1/{context}/_admin/dead-letters/{queue}/redrive': {
    summary: 'Send dead letters back to their queue',
    description:
      'Those named by `ids`, or `all` of the context; each leaves the dead-letter queue once sent. Needs admin.',
    body: 'Redrive',
    responses: { 200: { description: 'What was redriven, and the ids not found', ...body('RedriveResult') } },
    errors: [...contextErrors, E.validation, E.invalidJson, E.payloadTooLarge, unknownQueue, unavailableHere],
  },
  'GET /v1/{context}/_admin/processes': {
    summary: 'The process managers, their instances and pending deadlines',
    description: 'The first `limit` instances of each (`more` when others follow). Needs reader.',
    parameters: ['adminLimit'],
    responses: { 200: { description: 'Every process manager', ...body('ProcessList') } },
    errors: [...contextErrors, E.validation, unavailableHere],
  },
};
