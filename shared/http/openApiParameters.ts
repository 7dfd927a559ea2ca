/**
 * The query strings and headers of the REST contract, as OpenAPI `components.parameters` and
 * `components.headers`; operations name them (openApiOperations.ts).
 */
import { idempotencyKeySchema, type JsonSchema } from './openApiSchemas';

const query = (name: string, schema: JsonSchema, description: string): JsonSchema => ({
  name,
  in: 'query',
  required: false,
  schema,
  description,
});

const header = (name: string, schema: JsonSchema, description: string): JsonSchema => ({
  name,
  in: 'header',
  required: false,
  schema,
  description,
});

const integer = (minimum: number, maximum = Number.MAX_SAFE_INTEGER): JsonSchema => ({
  type: 'integer',
  minimum,
  maximum,
});

export const PARAMETERS: Record<string, JsonSchema> = {
  minVersion: query('minVersion', integer(0), "Wait up to 3 s for the view to reach this version (a command's answer)"),
  fromVersion: query('fromVersion', integer(1), 'The first event version of the page (default 1)'),
  limit: query('limit', integer(1, 1000), 'At most this many items (default and maximum 1,000)'),
  pageLimit: query('limit', integer(1, 100), 'At most this many views (default 50, at most 100)'),
  cursor: query(
    'cursor',
    { type: 'string' },
    "The previous page's `nextCursor`, unchanged (it is bound to its listing)",
  ),
  prefix: query(
    'prefix',
    { type: 'string', pattern: '^[A-Za-z0-9_.:@-]{1,64}$' },
    'Only keys that start with this (key order; not with filter or sort)',
  ),
  filter: query('filter', { type: 'string' }, "`field:value`, a filter field the projection's index declares"),
  sort: query('sort', { type: 'string' }, "The sort field the projection's index declares (ties in key order)"),
  order: query(
    'order',
    { type: 'string', enum: ['asc', 'desc'] },
    'With sort or filter: ascending (default) or descending',
  ),
  member: query('member', { type: 'string' }, 'With minVersion: the member whose view must have reached it first'),
  'If-Match': header(
    'If-Match',
    { type: 'string', pattern: '^"\\d+"$' },
    'The aggregate version the client decided on ("0": must not exist yet); a mismatch is 409 VERSION_CONFLICT',
  ),
  'If-None-Match': header(
    'If-None-Match',
    { type: 'string', examples: ['"3"', 'W/"3"', '"2", "3"', '*'] },
    'ETags the client holds (weak comparison; * for any): when one is current the answer is 304 without a body',
  ),
  'Idempotency-Key': header(
    'Idempotency-Key',
    idempotencyKeySchema,
    'The command id: the same key again returns the first answer and appends nothing',
  ),
  Prefer: header(
    'Prefer',
    { type: 'string', examples: ['respond-async', 'respond-async, wait=10'] },
    'respond-async: enqueue (202); with wait=N (at most 25 s), answer in full if the command ends in time',
  ),
};

const stringHeader = (description: string): JsonSchema => ({ description, schema: { type: 'string' } });

export const HEADERS: Record<string, JsonSchema> = {
  ETag: stringHeader(
    'The version of what is answered, quoted ("3"), or for a page or a status the digest of its content',
  ),
  Allow: stringHeader("The route's methods (a 405): GET, HEAD, OPTIONS"),
  'WWW-Authenticate': stringHeader(
    'The bearer challenge (a 401): Bearer realm="cairn", error="invalid_token" for a refused token',
  ),
  Location: stringHeader('Where to follow the resource'),
  'X-Cairn-Attempts': stringHeader('The write attempts the command took'),
  'Idempotent-Replayed': stringHeader('"true" when this is the first answer to the same Idempotency-Key'),
};
