/**
 * Random and adversarial inputs for the fuzz suite, as fast-check arbitraries: drawn with a seed,
 * so a failing run is replayed exactly (`FUZZ_SEED`). Names mix the plausible (`default`,
 * `todoList`) with what breaks naive code: Object.prototype names, bad escapes, brackets, control
 * characters, the separator `#`, very long strings.
 */
import fc from 'fast-check';

export interface FuzzRequest {
  method: string;
  /** Raw request target, sent as is (it may be malformed on purpose). */
  target: string;
  headers: [string, string][];
  body?: string;
}

const nasty = [
  'constructor',
  '__proto__',
  'toString',
  'prototype',
  'hasOwnProperty',
  '%',
  '%zz',
  '%00',
  '%2F',
  '%23',
  '..',
  '[x',
  ']',
  '',
  '#',
  'a#b',
  '@connections',
  '_admin',
  'x'.repeat(300),
  '%F0%9F%98%80',
  '\u00fc',
];
const plausible = ['default', 'shop', 'todoList', 'todoLists', 'user', 'all', 'list-1', 'l1', 'commands', 'views'];
const segment = fc.oneof(
  fc.constantFrom(...nasty),
  fc.constantFrom(...plausible),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[A-Za-z0-9_.:@%-]{1,20}$/),
);

const templates = (s: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.tuple(fc.constant('v1'), s, fc.constant('commands')),
    fc.tuple(fc.constant('v1'), s, fc.constant('commands'), s),
    fc.tuple(fc.constant('v1'), s, fc.constant('views'), s, s),
    fc.tuple(fc.constant('v1'), s, fc.constant('aggregates'), s, s, fc.constant('events')),
    fc.tuple(fc.constant('v1'), fc.constant('_admin'), fc.constant('contexts'), s),
    fc.tuple(fc.constant('v1'), s, fc.constant('_admin'), fc.constant('projections'), s, fc.constant('rebuild')),
    fc.tuple(fc.constant('@connections'), s),
    fc.constantFrom(['health'], [''], ['demo.js'], ['ws'], ['console']),
    fc.array(s, { maxLength: 7 }),
  );

const queryKey = fc.constantFrom(
  'minVersion',
  'fromVersion',
  'limit',
  'cursor',
  'token',
  'context',
  '__proto__',
  'constructor',
);
const queryValue = fc.oneof(
  fc.constantFrom('0', '1', '-1', '1e3', '99999999999999999999', '%', '', 'NaN', '0x10', '[]'),
  fc.nat({ max: 5 }).map(String),
  segment,
);
const query = fc
  .array(fc.tuple(queryKey, queryValue), { maxLength: 4 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`));

/** A path that stays on one request line: raw characters a client could not send are escaped. */
const target = fc
  .tuple(fc.constantFrom('/', '//', '/./', ''), templates(segment), query)
  .map(([prefix, parts, q]) =>
    [...`${prefix}${parts.join('/')}${q}`]
      .map((char) => (/^[!-~]$/.test(char) ? char : encodeURIComponent(char)))
      .join(''),
  );

const commandLike = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom(
        'CreateTodoList',
        'AddTodo',
        'RenameTodoList',
        'RegisterUser',
        'constructor',
        '__proto__',
        'toString',
      ),
      fc.string({ maxLength: 20 }),
    ),
    aggregateId: fc.oneof(segment, fc.integer()),
    payload: fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ title: fc.string(), todoId: segment, text: fc.string(), __proto__: fc.jsonValue({ maxDepth: 1 }) }),
    ),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  { weight: 3, arbitrary: commandLike.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"type":',
      '[]',
      'null',
      '"x"',
      '{"__proto__":{"admin":true}}',
      '\u0000',
      '{'.repeat(5000),
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('x'.repeat(200 * 1024), `{"type":"AddTodo","payload":"${'y'.repeat(300 * 1024)}"}`),
  },
);

const headerValue = fc.oneof(
  fc.constantFrom('"1"', '"x"', '*', '"-1"', '1', '"99999999999999999999"', 'respond-async', '', 'a'.repeat(9000)),
  fc.string({ maxLength: 30 }),
);
const header = fc.oneof(
  fc.tuple(
    fc.constantFrom('If-Match', 'If-None-Match', 'Idempotency-Key', 'Prefer', 'Origin', 'Content-Type'),
    headerValue,
  ),
  fc.tuple(fc.constantFrom('__proto__', 'constructor', 'x-fuzz', 'Content-Length', 'Transfer-Encoding'), headerValue),
  fc.tuple(
    fc.constant('Content-Type'),
    fc.constantFrom('application/json', 'text/plain', 'application/vnd.cairn+json', 'application/json; charset=utf-16'),
  ),
);

/** HTTP requests; `authorizations` are the Authorization values to draw from (none of them may write). */
export const fuzzRequest = (authorizations: readonly string[]): fc.Arbitrary<FuzzRequest> =>
  fc
    .record({
      method: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
        { weight: 1, arbitrary: fc.constantFrom('CONNECT', 'TRACE', 'FOO', 'get') },
      ),
      target,
      authorization: fc.option(fc.constantFrom(...authorizations), { nil: undefined }),
      headers: fc.array(header, { maxLength: 4 }),
      body: fc.option(body, { nil: undefined }),
    })
    .map(({ method, target: path, authorization, headers, body: text }) => ({
      method,
      target: path,
      headers: authorization === undefined ? headers : [['Authorization', authorization], ...headers],
      body: text,
    }));

/** One request as raw bytes; `Connection: close` so the answer ends with the connection. */
export const rawHttp = (request: FuzzRequest): string => {
  const lines = [`${request.method} ${request.target || '/'} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(request.body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${request.body ?? ''}`;
};

const action = fc.oneof(
  fc.constantFrom('subscribe', 'unsubscribe', 'command', 'ping', 'authenticate'),
  fc.constantFrom('constructor', '__proto__', 'toString', '$default', '$connect', '$disconnect'),
  fc.string({ maxLength: 10 }),
);
const frameObject = fc.record(
  {
    action,
    projection: fc.oneof(fc.constantFrom('todoList', 'todoLists', 'user'), segment),
    key: segment,
    fromVersion: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
    requestId: fc.oneof(segment, fc.integer()),
    command: commandLike,
    expectedVersion: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
    idempotencyKey: segment,
    token: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('a.b.c')),
  },
  { requiredKeys: [] },
);

/** WebSocket frames: text (JSON or not), binary, and a few past the 128 KB message limit. */
export const fuzzFrame: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 6, arbitrary: frameObject.map((frame) => JSON.stringify(frame)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constantFrom(`{"action":"ping","x":"${'z'.repeat(130 * 1024)}"}`, '{"action":') },
);
