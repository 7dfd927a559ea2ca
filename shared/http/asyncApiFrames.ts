/**
 * The JSON Schemas of the WebSocket frames, for the AsyncAPI document: converted from the zod
 * schemas that validate what clients send (socketFrames.ts) and that describe what the server sends
 * (outboundFrames.ts), then narrowed by the domain: the projection names, the command union, each
 * projection's view schema. Draft-07, the base of AsyncAPI 3.0's Schema Object.
 */
import { SERVER_FRAMES, type ServerFrameType } from '#application/outboundFrames';
import {
  authenticateFrame,
  commandFrame,
  pingFrame,
  subscribeFrame,
  tailFrame,
  unsubscribeFrame,
  untailFrame,
} from '#application/socketFrames';
import type { Domain } from '#core/domain';
import type * as z from '#core/zod';
import { SOCKET_ERRORS } from './asyncApiErrors';
import { domainSchemas } from './openApiDomain';
import { type JsonSchema, jsonSchemaOf, ref } from './openApiSchemas';
import type { WEBSOCKET_ACTIONS } from './routes';

/** The frames a client sends, by `action` (the WebSocket routes of routes.ts). */
export const CLIENT_FRAMES = {
  subscribe: subscribeFrame,
  unsubscribe: unsubscribeFrame,
  command: commandFrame,
  ping: pingFrame,
  authenticate: authenticateFrame,
  tail: tailFrame,
  untail: untailFrame,
} as const satisfies Record<(typeof WEBSOCKET_ACTIONS)[number], z.ZodMiniType>;

export type ClientAction = keyof typeof CLIENT_FRAMES;

/** The component name of a frame's schema: `SubscribeFrame`, `ViewChangedFrame`... */
export const frameSchemaName = (name: ClientAction | ServerFrameType): string =>
  `${name.charAt(0).toUpperCase()}${name.slice(1)}Frame`;

const converted = (schema: z.ZodMiniType, io: 'input' | 'output') => jsonSchemaOf(schema, io, 'draft-07');

/** A frame's schema with some properties replaced (the domain knows more than the frame's zod schema). */
const narrowed = (schema: z.ZodMiniType, io: 'input' | 'output', replacements: Record<string, JsonSchema>) => {
  const json = converted(schema, io);
  const properties = { ...(json.properties as Record<string, JsonSchema>) };
  for (const [name, replacement] of Object.entries(replacements)) {
    const original = properties[name] ?? {};
    // The frame's own description stays; the domain's shape replaces its constraints.
    properties[name] = { ...('description' in original && { description: original.description }), ...replacement };
  }
  return { ...json, properties };
};

/** One schema per projection, its `projection` fixed and its `data` the projection's view. */
const viewFrames = (names: readonly string[]): JsonSchema => {
  if (names.length === 0) return converted(SERVER_FRAMES.view, 'output');
  return {
    description: 'The view as it is now: one schema per projection',
    oneOf: names.map((name) => ({
      title: `${name} view frame`,
      ...narrowed(SERVER_FRAMES.view, 'output', { projection: { const: name }, data: ref(`${name}View`) }),
    })),
  };
};

const withoutOpenApiDiscriminator = (schemas: Record<string, JsonSchema>): Record<string, JsonSchema> => {
  const { View: _restView, Command: command, ...rest } = schemas;
  // AsyncAPI's `discriminator` is the property's name, not OpenAPI's object with a mapping.
  return { ...rest, ...(command && { Command: { ...command, discriminator: 'type' } }) };
};

/** Every frame's schema, and the domain's command and view schemas they refer to, by component name. */
export const frameSchemas = (domain: Domain): Record<string, JsonSchema> => {
  const names = domain.projections.names();
  const projection: JsonSchema = names.length > 0 ? { type: 'string', enum: [...names] } : { type: 'string' };
  const client: Record<ClientAction, JsonSchema> = {
    subscribe: narrowed(subscribeFrame, 'input', { projection }),
    unsubscribe: narrowed(unsubscribeFrame, 'input', { projection }),
    command: narrowed(commandFrame, 'input', { command: ref('Command') }),
    ping: converted(pingFrame, 'input'),
    authenticate: converted(authenticateFrame, 'input'),
    tail: converted(tailFrame, 'input'),
    untail: converted(untailFrame, 'input'),
  };
  const server: Record<ServerFrameType, JsonSchema> = {
    subscribed: narrowed(SERVER_FRAMES.subscribed, 'output', { projection }),
    unsubscribed: narrowed(SERVER_FRAMES.unsubscribed, 'output', { projection }),
    view: viewFrames(names),
    viewChanged: narrowed(SERVER_FRAMES.viewChanged, 'output', { projection }),
    viewPatch: narrowed(SERVER_FRAMES.viewPatch, 'output', { projection }),
    memberRemoved: narrowed(SERVER_FRAMES.memberRemoved, 'output', { projection }),
    commandResult: converted(SERVER_FRAMES.commandResult, 'output'),
    pong: converted(SERVER_FRAMES.pong, 'output'),
    authenticated: converted(SERVER_FRAMES.authenticated, 'output'),
    tailing: converted(SERVER_FRAMES.tailing, 'output'),
    untailed: converted(SERVER_FRAMES.untailed, 'output'),
    event: converted(SERVER_FRAMES.event, 'output'),
    error: narrowed(SERVER_FRAMES.error, 'output', {
      code: { type: 'string', enum: SOCKET_ERRORS.map(({ error }) => error.code) },
    }),
  };
  const frames = Object.entries({ ...client, ...server }).map(([name, schema]) => [
    frameSchemaName(name as ClientAction | ServerFrameType),
    schema,
  ]);
  return { ...Object.fromEntries(frames), ...withoutOpenApiDiscriminator(domainSchemas(domain, 'draft-07')) };
};
