/**
 * The OpenAPI 3.1 document of the REST API, built from the domain and the route table: every route
 * of REST_ROUTES with its methods (HEAD beside each GET; the local-only ones marked `x-cairn-local-only`), its path
 * variables, query strings and headers, the command body as a union on `type` with each payload's
 * schema, each projection's view schema, and the errors each route can answer. Pure (no I/O): the
 * command API builds it once per process and serves it at `GET /openapi.json`; `npm run openapi`
 * writes it to openapi.json.
 */
import type { Domain } from '#core/domain';
import { CONSOLE_PARAMETERS, CONSOLE_SCHEMAS } from './openApiConsole';
import { domainSchemas, pathVariableSchemas } from './openApiDomain';
import { errorResponses } from './openApiErrors';
import { OPERATIONS, type OperationSpec } from './openApiOperations';
import { HEADERS, PARAMETERS } from './openApiParameters';
import { conditionalRead, headOf, withoutContent } from './openApiReads';
import { contextNameSchema, contractSchemas, type JsonSchema, ref } from './openApiSchemas';
import { REST_ROUTES, type RestRoute } from './routes';

export type OpenApiDocument = JsonSchema & { openapi: string; paths: Record<string, Record<string, JsonSchema>> };

export interface OpenApiOptions {
  title?: string;
  version?: string;
}

const variablesOf = (path: string): string[] => [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');

/** A route the table has but OPERATIONS does not describe yet: documented by its shape alone. */
const undescribed = (method: string, path: string): OperationSpec => ({
  summary: `${method} ${path}`,
  responses: { 200: { description: 'Success' } },
  errors: [],
});

const operationId = (method: string, path: string): string =>
  method.toLowerCase() +
  path
    .split('/')
    .filter(Boolean)
    // Generated clients (swagger-client) name operations as identifiers: `dead-letters` → `DeadLetters`.
    .flatMap((segment) => segment.replace(/[{}_.]/g, '').split('-'))
    .map((segment) => segment.charAt(0).toUpperCase() + segment.slice(1))
    .join('');

/** What an operation does: its entry in OPERATIONS, HEAD its GET's, reads with their conditional form. */
const specOf = (route: RestRoute, method: string): OperationSpec => {
  const described = method === 'HEAD' ? 'GET' : method;
  const spec = OPERATIONS[`${described} ${route.path}`] ?? undescribed(described, route.path);
  if (method === 'GET') return conditionalRead(spec);
  return method === 'HEAD' ? headOf(conditionalRead(spec)) : spec;
};

const operation = (route: RestRoute, method: string, variables: Record<string, JsonSchema>): JsonSchema => {
  const spec = specOf(route, method);
  const pathParameters = variablesOf(route.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: variables[name] ?? { type: 'string' },
  }));
  const responses: Record<string, JsonSchema> = {};
  for (const [status, answer] of Object.entries(spec.responses)) {
    responses[status] = {
      description: answer.description,
      ...(answer.schema && { content: { 'application/json': { schema: answer.schema } } }),
      ...(answer.headers && {
        headers: Object.fromEntries(answer.headers.map((name) => [name, { $ref: `#/components/headers/${name}` }])),
      }),
    };
  }
  return {
    operationId: operationId(method, route.path),
    summary: spec.summary,
    ...(spec.description && { description: spec.description }),
    parameters: [
      ...pathParameters,
      ...(spec.parameters ?? []).map((name) => ({ $ref: `#/components/parameters/${name}` })),
    ],
    ...(spec.body && {
      requestBody: { required: !spec.bodyOptional, content: { 'application/json': { schema: ref(spec.body) } } },
    }),
    responses: {
      ...responses,
      ...(method === 'HEAD'
        ? withoutContent(errorResponses(spec.errors, route.authorized))
        : errorResponses(spec.errors, route.authorized)),
    },
    // Open routes say so explicitly: no document-wide default applies to them.
    security: route.authorized ? [{ bearer: [] }] : [],
    ...(!route.deployed && { 'x-cairn-local-only': true }),
  };
};

/** The document for `domain`, served by the routes of `routes`. */
export const buildOpenApi = (
  domain: Domain,
  routes: readonly RestRoute[] = REST_ROUTES,
  options: OpenApiOptions = {},
): OpenApiDocument => {
  const variables = pathVariableSchemas(domain, contextNameSchema);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const item = paths[route.path] ?? {};
    for (const method of route.methods) item[method.toLowerCase()] = operation(route, method, variables);
    paths[route.path] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Cairn',
      version: options.version ?? '1',
      description: 'Commands in, events out, views read back. Errors are always {"error":{"code","message",...}}.',
    },
    // Relative, so resolved against where the document is served (OAS 3.1): the API's root with its
    // stage (`…/prod/openapi.json` → `…/prod`), locally the runtime's; the default `/` drops the stage.
    servers: [{ url: '.', description: 'Where this document is served: the API root, stage included' }],
    paths,
    components: {
      schemas: { ...contractSchemas, ...CONSOLE_SCHEMAS, ...domainSchemas(domain) },
      parameters: { ...PARAMETERS, ...CONSOLE_PARAMETERS },
      headers: HEADERS,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A token granting roles per context (npx cairn token)',
        },
      },
    },
  };
};
