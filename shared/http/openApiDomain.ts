/**
 * The parts of the OpenAPI document that come from the domain: one request schema per command
 * type (its payload schema converted from zod), the command body as a union discriminated on
 * `type`, one data schema per projection, and the names path variables may take.
 */
import type { AggregateRegistry } from '#core/aggregate';
import type { Domain } from '#core/domain';
import { idSchema, type JsonSchema, type JsonSchemaDialect, jsonSchemaOf, ref } from './openApiSchemas';

const commandSchemaName = (type: string) => `${type}Command`;
const viewSchemaName = (projection: string) => `${projection}View`;

/** The aggregate types of the registry (each registers at least one command). */
export const aggregateTypes = (registry: AggregateRegistry): string[] => [
  ...new Set(registry.commandTypes().flatMap((type) => registry.byCommandType(type)?.type ?? [])),
];

const commandSchemas = (registry: AggregateRegistry, dialect: JsonSchemaDialect): Record<string, JsonSchema> => {
  const schemas: Record<string, JsonSchema> = {};
  for (const type of registry.commandTypes()) {
    const payloadSchema = registry.byCommandType(type)?.commands[type];
    if (!payloadSchema) continue;
    const payload = jsonSchemaOf(payloadSchema, 'input', dialect);
    const [example] = Array.isArray(payload.examples) ? payload.examples : [];
    schemas[commandSchemaName(type)] = {
      type: 'object',
      title: type,
      properties: {
        type: { const: type },
        aggregateId: idSchema,
        payload: { ...payload, description: 'An absent payload is taken as {}' },
      },
      required: ['type', 'aggregateId'],
      additionalProperties: false,
      ...(example !== undefined && { examples: [{ type, aggregateId: 'example-1', payload: example }] }),
    };
  }
  schemas.Command = {
    description: 'A command: its `type` names the payload it carries',
    oneOf: registry.commandTypes().map((type) => ref(commandSchemaName(type))),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(
        registry.commandTypes().map((type) => [type, `#/components/schemas/${commandSchemaName(type)}`]),
      ),
    },
  };
  return schemas;
};

const viewSchemas = (domain: Domain, dialect: JsonSchemaDialect): Record<string, JsonSchema> => {
  const schemas: Record<string, JsonSchema> = {};
  const names = domain.projections.names();
  for (const name of names) {
    const view = domain.projections.byName(name)?.view;
    // A projection that declares no schema still has views: documented as any JSON value.
    schemas[viewSchemaName(name)] = { title: name, ...(view ? jsonSchemaOf(view, 'output', dialect) : {}) };
  }
  schemas.View = {
    type: 'object',
    properties: {
      key: idSchema,
      version: { type: 'integer', minimum: 1 },
      // anyOf, not oneOf: two projections may well have views of the same shape.
      data: {
        description: "The projection's view (`{name}View`)",
        anyOf: names.map((name) => ref(viewSchemaName(name))),
      },
    },
    required: ['key', 'version', 'data'],
  };
  return schemas;
};

/** The component schemas the domain contributes (the AsyncAPI document asks for draft-07). */
export const domainSchemas = (
  domain: Domain,
  dialect: JsonSchemaDialect = 'draft-2020-12',
): Record<string, JsonSchema> => ({
  ...commandSchemas(domain.aggregates, dialect),
  ...viewSchemas(domain, dialect),
});

/** What a path variable of the route table may be, by its name; undefined for names not known here. */
export const pathVariableSchemas = (domain: Domain, contextName: JsonSchema): Record<string, JsonSchema> => ({
  context: contextName,
  name: contextName,
  aggregateType: { type: 'string', enum: aggregateTypes(domain.aggregates) },
  aggregateId: idSchema,
  key: idSchema,
  commandId: { type: 'string', minLength: 1, maxLength: 128 },
  projection: { type: 'string', enum: domain.projections.names() },
  queue: { type: 'string', enum: ['projections', 'processes'] },
});
