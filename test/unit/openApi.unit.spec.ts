import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sampleDomain } from '#domain/index';
import { todoListsProjection } from '#domain/todoList/index';
import { buildOpenApi } from '#http/openApi';
import { REST_ROUTES } from '#http/routes';
import { OPENAPI_FILE, openApiText } from '../../cli/openApi';
import { documentServingApi } from '../support/documentRoute';
import { projected, viewAfter } from '../support/projectionSpec';

const doc = buildOpenApi(sampleDomain);
type Schema = Record<string, unknown>;
const schemas = (doc.components as { schemas: Record<string, Schema> }).schemas;
const operation = (path: string, method: string) => doc.paths[path]?.[method] as Schema & { responses: Schema };

/** ajv over the document's component schemas, so `$ref`s resolve as in the document. */
const validatorFor = (schema: Schema) => {
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components } as Schema);
  return ajv.compile({ $ref: `doc#/components/schemas/${String(schema.$ref).split('/').at(-1)}` });
};

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents every route of the table with its methods, local-only and open ones marked', () => {
    for (const route of REST_ROUTES) {
      const item = doc.paths[route.path];
      expect(Object.keys(item ?? {}).sort(), route.path).toEqual(route.methods.map((m) => m.toLowerCase()).sort());
      for (const method of route.methods) {
        const op = operation(route.path, method.toLowerCase());
        expect(op['x-cairn-local-only'], `${method} ${route.path}`).toBe(route.deployed ? undefined : true);
        expect(op.security).toEqual(route.authorized ? [{ bearer: [] }] : []);
        if (route.authorized) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
    expect(operation('/openapi.json', 'get').security).toEqual([]);
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents a route it has no description of yet by its path variables', () => {
    const route = { path: '/v1/{context}/things/{thingId}', methods: ['GET'], handler: 'queryApi', authorized: true };
    const generic = buildOpenApi(sampleDomain, [{ ...route, deployed: true } as (typeof REST_ROUTES)[number]]);
    const op = generic.paths[route.path]?.get as { parameters: { name: string; in: string }[] };
    expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:context', 'path:thingId']);
  });

  it('describes the command body as a union discriminated on type, with every command and a valid example', () => {
    const union = schemas.Command as { oneOf: Schema[]; discriminator: { propertyName: string; mapping: Schema } };
    const types = sampleDomain.aggregates.commandTypes();
    expect(union.discriminator.propertyName).toBe('type');
    expect(Object.keys(union.discriminator.mapping).sort()).toEqual([...types].sort());
    expect(union.oneOf).toHaveLength(types.length);
    const validate = validatorFor({ $ref: 'Command' });
    for (const type of types) {
      const [example] = (schemas[`${type}Command`]?.examples ?? []) as { payload: unknown }[];
      expect(example, type).toBeDefined();
      expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
      // The example the document shows is one the command API accepts.
      expect(sampleDomain.aggregates.byCommandType(type)?.commands[type]?.safeParse(example?.payload).success).toBe(
        true,
      );
    }
    expect(validate({ type: 'CreateTodoList', aggregateId: 'l-1', payload: { title: '' } })).toBe(false);
    expect(validate({ type: 'Credit', aggregateId: 'a-1', payload: { amount: 1.5 } })).toBe(false);
  });

  it("documents each projection's view schema, which a folded view matches", () => {
    for (const name of sampleDomain.projections.names()) expect(schemas[`${name}View`], name).toBeDefined();
    const view = viewAfter(todoListsProjection, 'l1', [
      projected('todoList', 'l1', 'TodoListCreated', { title: 'A', createdAt: '2026-11-22T10:00:00.000Z' }),
      projected('todoList', 'l1', 'TodoAdded', { todoId: 't1', text: 'x' }),
    ]);
    expect(validatorFor({ $ref: 'todoListsView' })(view)).toBe(true);
    expect(validatorFor({ $ref: 'View' })({ key: 'l1', version: 2, data: view })).toBe(true);
    expect(validatorFor({ $ref: 'todoListsView' })({ ...(view as object), title: 1 })).toBe(false);
  });

  it('lists the error codes each route can answer, from the typed errors', () => {
    const post = operation('/v1/{context}/commands', 'post').responses as Record<string, Schema>;
    expect(Object.keys(post)).toEqual([
      '200',
      '202',
      '400',
      '401',
      '403',
      '404',
      '405',
      '409',
      '413',
      '415',
      '422',
      '500',
    ]);
    const codes = (status: string) => JSON.stringify(post[status]?.content).match(/"enum":\[([^\]]*)\]/)?.[1];
    expect(codes('400')).toBe('"INVALID_JSON","VALIDATION_FAILED","UNKNOWN_COMMAND"');
    expect(codes('409')).toBe('"VERSION_CONFLICT"');
    expect(codes('422')).toBeUndefined(); // open: the domain's rules have their own codes
    const view = operation('/v1/{context}/views/{projection}/{key}', 'get').responses as Record<string, Schema>;
    expect(JSON.stringify(view['409'])).toContain('VIEW_NOT_READY');
    expect(Object.keys(operation('/health', 'get').responses)).toEqual(['200', '405', '500']);
  });

  it('documents conditional reads where the answer has an ETag, HEAD beside every GET, and the 401/405 headers', () => {
    const parameters = (op: Schema) => JSON.stringify(op.parameters);
    for (const path of [
      '/v1/{context}/views/{projection}/{key}',
      '/v1/{context}/views/{projection}',
      '/v1/{context}/aggregates/{aggregateType}/{aggregateId}/events',
      '/v1/{context}/commands/{commandId}',
    ]) {
      for (const method of ['get', 'head']) {
        const op = operation(path, method);
        expect(parameters(op), `${method} ${path}`).toContain('#/components/parameters/If-None-Match');
        expect(op.responses['304'], `${method} ${path}`).toMatchObject({ headers: { ETag: expect.anything() } });
      }
    }
    expect(parameters(operation('/health', 'get'))).not.toContain('If-None-Match');
    const head = operation('/v1/{context}/views/{projection}/{key}', 'head').responses as Record<string, Schema>;
    expect(Object.values(head).filter((answer) => answer.content)).toEqual([]); // no body on any answer
    const get = operation('/v1/{context}/views/{projection}/{key}', 'get').responses as Record<string, Schema>;
    expect(Object.keys(head)).toEqual(Object.keys(get));
    expect(get['405']?.headers).toEqual({ Allow: { $ref: '#/components/headers/Allow' } });
    expect(get['401']?.headers).toEqual({ 'WWW-Authenticate': { $ref: '#/components/headers/WWW-Authenticate' } });
  });

  it('is committed as openapi.json, as `npm run openapi` writes it', () => {
    // If this fails: run `npm run openapi` and commit the file.
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(openApiText());
  });

  it('is served by the command API at GET /openapi.json, without a token', async () => {
    const api = documentServingApi();
    const answer = await api({ path: '/openapi.json', httpMethod: 'GET', headers: {} } as never);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toEqual(doc);
    const post = await api({ path: '/openapi.json', httpMethod: 'POST', headers: {} } as never);
    expect(post.statusCode).toBe(405);
  });
});
