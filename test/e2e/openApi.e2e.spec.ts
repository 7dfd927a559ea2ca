/**
 * The OpenAPI document as a client meets it: fetched from the running local runtime, then used
 * generically, as a generated client would: the path and method that take a `Command` body are
 * found in the document, the request is the document's own CreateTodoList example, and each answer
 * is checked against the response schema the document names for its status (ajv, JSON Schema 2020-12).
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';

type Json = Record<string, unknown>;
interface Operation {
  parameters?: { name?: string; in?: string; $ref?: string }[];
  requestBody?: { content: { 'application/json': { schema: { $ref?: string } } } };
  responses: Record<string, { content?: { 'application/json': { schema: Json } } }>;
}

let runtime: LocalRuntime;
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };
let ajv: Ajv2020;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, log: () => {} });
  const answer = await fetch(`${runtime.url}/openapi.json`);
  expect(answer.status).toBe(200);
  doc = (await answer.json()) as typeof doc;
  ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'doc', ...doc });
});
afterAll(() => runtime.close());

/** Resolves a local `$ref` inside the document. */
const resolve = (schema: Json): Json =>
  typeof schema.$ref === 'string'
    ? (schema.$ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, part) => (node as Json)[part], doc) as Json)
    : schema;

/** Every operation of the document, with its path and method. */
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );

/** Sends a request and checks the answer against the schema the operation documents for its status. */
const call = async (operation: Operation, method: string, url: string, body?: unknown) => {
  const answer = await fetch(url, {
    method: method.toUpperCase(),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await answer.json()) as Json;
  const documented = operation.responses[String(answer.status)];
  expect(documented, `status ${answer.status} of ${method} ${url} is documented`).toBeDefined();
  const schema = documented?.content?.['application/json'].schema;
  if (schema) {
    const validate = ajv.compile({ $ref: `doc#${String(schema.$ref ?? '').slice(1)}` });
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  }
  return { status: answer.status, json };
};

/** Fills a path template with the values given by the path variables' names. */
const fill = (path: string, values: Record<string, string>) =>
  runtime.url + path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));

describe('the OpenAPI document served by the local runtime', () => {
  it('is a valid OpenAPI 3.1 document, served without a token', async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
  });

  it('drives a command and a read from the document alone: its example, its paths, its schemas', async () => {
    const commands = operations().find(
      ({ operation }) =>
        operation.requestBody?.content['application/json'].schema.$ref === '#/components/schemas/Command',
    );
    if (!commands) throw new Error('no operation takes a Command');
    const union = resolve({ $ref: '#/components/schemas/Command' }) as { oneOf: Json[] };
    const create = union.oneOf.map(resolve).find((variant) => variant.title === 'CreateTodoList');
    const [example] = (create?.examples ?? []) as Json[];
    if (!example) throw new Error('CreateTodoList has no example');

    const sent = await call(commands.operation, commands.method, fill(commands.path, { context: 'default' }), example);
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ aggregateId: example.aggregateId, version: 1 });

    // The view route: the one whose `projection` path variable lists the projection names.
    const views = operations().find(({ path }) => path.endsWith('/views/{projection}/{key}'));
    if (!views) throw new Error('no view route');
    const projection = views.operation.parameters?.find((parameter) => parameter.name === 'projection') as {
      schema: { enum: string[] };
    };
    expect(projection.schema.enum).toContain('todoList');
    const url = `${fill(views.path, { context: 'default', projection: 'todoList', key: String(example.aggregateId) })}?minVersion=1`;
    const read = await call(views.operation, views.method, url);
    expect(read.status).toBe(200);
    const todoListView = ajv.compile({ $ref: 'doc#/components/schemas/todoListView' });
    expect(todoListView(read.json.data), JSON.stringify(todoListView.errors)).toBe(true);
    expect(read.json.data).toMatchObject({ title: (example.payload as Json).title });
  });

  it('answers a refusal in the documented error shape and status', async () => {
    const commands = operations().find(({ method, path }) => method === 'post' && path.endsWith('/commands'));
    if (!commands) throw new Error('no command route');
    const refused = await call(commands.operation, 'post', fill(commands.path, { context: 'default' }), {
      type: 'NoSuchCommand',
      aggregateId: 'x',
    });
    expect([refused.status, (refused.json.error as Json).code]).toEqual([400, 'UNKNOWN_COMMAND']);
  });
});
