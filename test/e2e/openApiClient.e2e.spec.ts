/**
 * The acceptance criterion of the OpenAPI document: a request built from it by a generic OpenAPI
 * client succeeds. SwaggerJS (swagger-client) reads the document the runtime serves and builds
 * every request by operationId (path, query, headers, body, the bearer scheme); no URL is built
 * here. Each answer's body is checked against the schema the document gives for its status.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import SwaggerClient, { type SwaggerClientInstance, type SwaggerResponse } from 'swagger-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hs256Verifier, mintToken } from '#adapters/auth/hs256Tokens';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { until } from '../support/until';

type Json = Record<string, unknown>;
type Operation = { operationId: string; responses: Record<string, { content?: Record<string, { schema: Json }> }> };
type Document = Json & { paths: Record<string, Record<string, Operation>>; servers?: { url: string }[] };

const secret = new TextEncoder().encode('openapi-client-suite-secret-0123456789abcdef');
let runtime: LocalRuntime;
let doc: Document;
let client: SwaggerClientInstance;
let token: string;
const ajv = new Ajv2020({ strict: false });
addFormats.default(ajv);

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, verify: hs256Verifier(secret), log: () => {} });
  token = await mintToken(secret, { subject: 'generic-client', roles: { default: 'writer' } });
  const served = await fetch(`${runtime.url}/openapi.json`);
  expect(served.status).toBe(200);
  doc = (await served.json()) as Document;
  ajv.addSchema({ $id: 'doc', ...doc });
  // The document, pointed at this runtime: the client takes its base URL from `servers`.
  client = await SwaggerClient({ spec: { ...doc, servers: [{ url: runtime.url }] } });
  expect(client.errors).toEqual([]);
});
afterAll(() => runtime?.close());

const operationOf = (operationId: string): Operation => {
  const found = Object.values(doc.paths)
    .flatMap((item) => Object.values(item))
    .find((operation) => operation.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in the document`);
  return found;
};

/** The answer's body matches the schema the operation documents for its status (which must be documented). */
const expectDocumented = (operationId: string, answer: SwaggerResponse) => {
  const documented = operationOf(operationId).responses[String(answer.status)];
  expect(documented, `${operationId} documents ${answer.status}`).toBeDefined();
  const schema = documented?.content?.['application/json']?.schema;
  expect(schema, `${operationId} ${answer.status} has a body schema`).toBeDefined();
  const validate = ajv.compile({ $ref: `doc#${String(schema?.$ref ?? '').slice(1)}` });
  expect(validate(answer.body), JSON.stringify(validate.errors)).toBe(true);
};

/** A request the client builds from the document; a refusal (non-2xx) is returned, not thrown. */
const call = async (
  operationId: string,
  parameters: Json,
  requestBody?: unknown,
  withToken = true,
): Promise<SwaggerResponse & { body: Json }> => {
  const securities = withToken ? { authorized: { bearer: { value: token } } } : undefined;
  const answer = await client
    .execute({ operationId, parameters, requestBody, ...(securities && { securities }) })
    .catch((error: { response?: SwaggerResponse }) => {
      if (!error.response) throw error;
      return error.response;
    });
  expectDocumented(operationId, answer);
  return answer as SwaggerResponse & { body: Json };
};

const SEND = 'postV1ContextCommands';
const listId = 'oac:list@1'; // `:` and `@` are id characters that the path must carry encoded
const send = (command: Json, headers: Json = {}) => call(SEND, { context: 'default', ...headers }, command);

describe('a generic OpenAPI client (swagger-client) on the served document', () => {
  it('finds every operation by its operationId', () => {
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThan(10);
    expect(Object.keys(client.apis.default ?? {}).sort()).toEqual([...ids].sort());
  });

  it('sends commands, reads a command status, the events, a view', async () => {
    const created = await send(
      { type: 'CreateTodoList', aggregateId: listId, payload: { title: 'Generic' } },
      { 'If-Match': '"0"' },
    );
    expect(created.status).toBe(200);
    expect(created.url).toContain(`/v1/default/commands`);
    expect(created.body).toMatchObject({ aggregateId: listId, version: 1, events: [{ type: 'TodoListCreated' }] });
    expect(created.headers.etag).toBe('"1"');

    const accepted = await send(
      { type: 'AddTodo', aggregateId: listId, payload: { todoId: 'milk', text: 'Milk' } },
      { Prefer: 'respond-async', 'Idempotency-Key': 'oac-add-milk' },
    );
    expect(accepted.status).toBe(202);
    const commandId = String(accepted.body.commandId);
    let status: Json = {};
    await until(async () => {
      status = (await call('getV1ContextCommandsCommandId', { context: 'default', commandId })).body;
      return status.status !== 'accepted';
    });
    expect(status).toMatchObject({ commandId, status: 'succeeded', result: { aggregateId: listId, version: 2 } });

    const eventsOf = 'getV1ContextAggregatesAggregateTypeAggregateIdEvents';
    const at = { context: 'default', aggregateType: 'todoList', aggregateId: listId };
    const first = await call(eventsOf, { ...at, limit: 1 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ aggregateId: listId, version: 2, nextFromVersion: 2 });
    expect((first.body.events as Json[]).map((event) => event.type)).toEqual(['TodoListCreated']);
    const rest = await call(eventsOf, { ...at, fromVersion: first.body.nextFromVersion, limit: 10 });
    expect(rest.body.events).toMatchObject([{ type: 'TodoAdded', version: 2, data: { todoId: 'milk' } }]);
    expect(rest.body.nextFromVersion).toBeUndefined();

    const view = await call('getV1ContextViewsProjectionKey', {
      context: 'default',
      projection: 'todoList',
      key: listId,
      minVersion: 2,
    });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ key: listId, version: 2, data: { title: 'Generic', openCount: 1 } });
    const todoListView = ajv.compile({ $ref: 'doc#/components/schemas/todoListView' });
    expect(todoListView(view.body.data), JSON.stringify(todoListView.errors)).toBe(true);
  });

  it('lists a collection with limit and filter, page by page through the cursor', async () => {
    const ids = ['oac-c1', 'oac-c2', 'oac-c3', 'oac-c4', 'oac-c5'];
    for (const id of ids) await send({ type: 'CreateTodoList', aggregateId: id, payload: { title: id } });
    const archived = await send({ type: 'ArchiveTodoList', aggregateId: 'oac-c3', payload: {} });
    expect(archived.status).toBe(200);

    const list = { context: 'default', projection: 'todoLists', filter: 'archived:false', limit: 2 };
    // Read-your-writes for the list: the first page waits for the archived member's version.
    const seen: Json[] = [];
    let page = await call('getV1ContextViewsProjection', { ...list, member: 'oac-c3', minVersion: 2 });
    for (;;) {
      expect(page.status).toBe(200);
      const items = page.body.items as Json[];
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items);
      if (page.body.nextCursor === undefined) break;
      page = await call('getV1ContextViewsProjection', { ...list, cursor: page.body.nextCursor });
    }
    const todoListsView = ajv.compile({ $ref: 'doc#/components/schemas/todoListsView' });
    for (const item of seen) expect(todoListsView(item.data), JSON.stringify(todoListsView.errors)).toBe(true);
    const keys = seen.map((item) => String(item.key)).filter((key) => key.startsWith('oac-c'));
    expect(keys).toEqual(['oac-c1', 'oac-c2', 'oac-c4', 'oac-c5']);
    expect(seen.length).toBeGreaterThanOrEqual(3); // at least two pages of two were read
  });

  it('is refused in the documented shapes: a bad payload, a stale If-Match, no token', async () => {
    const invalid = await send({ type: 'CreateTodoList', aggregateId: 'oac-bad', payload: { title: '' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'payload.title' }],
    });

    const stale = await send(
      { type: 'RenameTodoList', aggregateId: listId, payload: { title: 'Late' } },
      { 'If-Match': '"1"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });

    const anonymous = await call(SEND, { context: 'default' }, { type: 'ArchiveTodoList', aggregateId: listId }, false);
    expect(anonymous.status).toBe(401);
    expect((anonymous.body.error as Json).code).toBe('UNAUTHENTICATED');
  });

  it("takes the API's root from where the document is served, stage path included", async () => {
    // Loaded by its URL, with the document's own (relative) server: the runtime's root.
    const byUrl = await SwaggerClient({ url: `${runtime.url}/openapi.json` });
    const health = await byUrl.execute({ operationId: 'getHealth' });
    expect(health.status).toBe(200);
    const view = await byUrl.execute({
      operationId: 'getV1ContextViewsProjectionKey',
      parameters: { context: 'default', projection: 'todoList', key: listId },
      securities: { authorized: { bearer: { value: token } } },
    });
    expect(view.url.startsWith(`${runtime.url}/v1/default/views/todoList/`)).toBe(true);
    expect(view.body).toMatchObject({ key: listId });
    // Deployed, API Gateway serves the document under its stage: requests must keep that path.
    const deployed = SwaggerClient.buildRequest({
      spec: byUrl.spec,
      operationId: SEND,
      parameters: { context: 'shop' },
      contextUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/openapi.json',
    });
    expect(deployed.url).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/v1/shop/commands');
  });
});
