/**
 * The JSON Schemas of the REST contract's bodies, for the OpenAPI document (openApi.ts): the shapes
 * the handlers answer, written once here, and the domain's own zod schemas (command payloads,
 * views) converted by zod's JSON Schema export, so the document cannot drift from what is checked.
 */
import { CONTEXT_PATTERN, ID_PATTERN, IDEMPOTENCY_KEY_PATTERN } from '#core/ids';
import * as z from '#core/zod';

export type JsonSchema = Record<string, unknown>;

/** A reference to a schema of the document's `components.schemas`. */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** JSON Schema 2020-12 for OpenAPI 3.1; draft-07 for AsyncAPI 3.0, whose Schema Object builds on it. */
export type JsonSchemaDialect = 'draft-2020-12' | 'draft-07';

/**
 * A zod (mini) schema as JSON Schema, 2020-12 (the dialect of OpenAPI 3.1) unless told. `input` for
 * what a client sends (before defaults and transforms), `output` for what the server answers. What
 * JSON Schema cannot say (a custom refinement) becomes "anything" rather than failing the whole document.
 */
export const jsonSchemaOf = (
  schema: z.ZodMiniType,
  io: 'input' | 'output',
  target: JsonSchemaDialect = 'draft-2020-12',
): JsonSchema => {
  const { $schema: _dialect, ...converted } = z.toJSONSchema(schema, {
    target,
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  // `$defs` (recursive schemas) would be resolved against the document's root, where they are not.
  if ('$defs' in converted || 'definitions' in converted) {
    throw new Error('A recursive schema cannot be embedded in an API document');
  }
  return converted;
};

const pattern = (regex: RegExp, description: string): JsonSchema => ({
  type: 'string',
  pattern: regex.source,
  description,
});

export const idSchema = pattern(ID_PATTERN, "1-64 characters of A-Za-z0-9 and '_ . : @ -'");
export const contextNameSchema = pattern(CONTEXT_PATTERN, 'lowercase letters, digits and dashes, 1-32 characters');
export const idempotencyKeySchema = pattern(IDEMPOTENCY_KEY_PATTERN, 'the command id; kept 7 days');
const version: JsonSchema = { type: 'integer', minimum: 0 };
const positiveVersion: JsonSchema = { type: 'integer', minimum: 1 };
const isoTime: JsonSchema = { type: 'string', format: 'date-time' };
export const object = (properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
});

/** An event the command committed, as committed. */
const committedEvent = object(
  {
    type: { type: 'string' },
    version: positiveVersion,
    schemaVersion: {
      ...positiveVersion,
      description: 'The version of its shape `data` was written in; absent on answers recorded before versions were: 1',
    },
    data: {},
  },
  ['schemaVersion'],
);

/** An event of the events endpoint: in its type's newest shape, whatever shape it is stored in. */
const servedEvent = {
  ...object({
    type: { type: 'string' },
    version: positiveVersion,
    schemaVersion: {
      ...positiveVersion,
      description: "The version of the shape `data` is served in: its type's newest",
    },
    data: {},
  }),
  description: "A stored event, served in its type's newest shape (the stored one is never rewritten)",
};

const commandResult = object({
  commandId: { type: 'string' },
  aggregateId: idSchema,
  version,
  events: { type: 'array', items: committedEvent },
});

const anyError = object({ code: { type: 'string' }, message: { type: 'string' } }, []);

/** The bodies every route shares, by component name. */
export const contractSchemas: Record<string, JsonSchema> = {
  Health: object({ status: { const: 'ok' } }),
  StoredEvent: servedEvent,
  CommandResult: commandResult,
  CommandAccepted: object({ commandId: { type: 'string' }, status: { const: 'accepted' } }),
  CommandStatus: object(
    {
      commandId: { type: 'string' },
      status: { enum: ['accepted', 'succeeded', 'failed'] },
      result: ref('CommandResult'),
      error: anyError,
    },
    ['result', 'error'],
  ),
  EventsPage: object(
    {
      aggregateId: idSchema,
      aggregateType: { type: 'string' },
      version: positiveVersion,
      events: { type: 'array', items: ref('StoredEvent'), maxItems: 1000 },
      nextFromVersion: { ...positiveVersion, description: 'There are more events: ask again from this version' },
    },
    ['nextFromVersion'],
  ),
  ContextRecord: object(
    { name: contextNameSchema, state: { enum: ['active', 'retired'] }, createdAt: isoTime, retiredAt: isoTime },
    ['retiredAt'],
  ),
  ContextList: object({
    contexts: { type: 'array', items: ref('ContextRecord') },
    open: { type: 'boolean', description: 'True when every well-formed context exists (CAIRN_CONTEXTS=*)' },
  }),
  NewContext: { ...object({ name: contextNameSchema }), additionalProperties: false },
  RebuildProgress: object(
    {
      context: { type: 'string' },
      projection: { type: 'string' },
      generation: { type: 'integer' },
      state: { enum: ['preparing', 'building', 'built', 'live', 'failed'] },
      streamsTotal: version,
      streamsDone: version,
      events: version,
      startedAt: isoTime,
      finishedAt: isoTime,
      error: { type: 'string' },
    },
    ['finishedAt', 'error'],
  ),
};

/** `{"error": {"code", "message", ...details}}`, with the codes a response of one status can carry. */
export const errorSchema = (codes: readonly string[] | undefined): JsonSchema =>
  object({
    error: {
      ...object({
        code: codes ? { type: 'string', enum: [...codes] } : { type: 'string' },
        message: { type: 'string' },
      }),
      // Details depend on the code: `fields`, `currentVersion`, `knownTypes`...
      additionalProperties: true,
    },
  });
