/**
 * The AsyncAPI 3.0 document of the WebSocket protocol, built from the schemas that validate the
 * frames and from the domain: the servers and how a connection authenticates, one channel (the
 * socket) with every frame either side sends, the server's operations (it receives the client's
 * frames, answering each, and sends pushes) and the close codes. Pure (no I/O): the command API
 * serves it at `GET /asyncapi.json`; `npm run asyncapi` writes it to asyncapi.json.
 */
import type { ServerFrameType } from '#application/outboundFrames';
import { CLOSE_CODE_NOTES, CLOSE_CODES, type CloseCodeName } from '#application/socketCloseCodes';
import type { Domain } from '#core/domain';
import { type ClientAction, frameSchemas } from './asyncApiFrames';
import { messages } from './asyncApiMessages';
import { CONNECTION_BINDINGS, SECURITY_SCHEMES, SERVERS } from './asyncApiServers';
import type { JsonSchema } from './openApiSchemas';

export type AsyncApiDocument = JsonSchema & { asyncapi: string; channels: Record<string, JsonSchema> };

export interface AsyncApiOptions {
  title?: string;
  version?: string;
}

const CHANNEL = 'socket';
const channelRef = { $ref: `#/channels/${CHANNEL}` };
const messageRef = (name: ClientAction | ServerFrameType) => ({ $ref: `#/channels/${CHANNEL}/messages/${name}` });

/** What the server answers each client frame with (an error frame whenever it cannot serve it). */
const REPLIES: Record<ClientAction, readonly ServerFrameType[]> = {
  subscribe: ['subscribed', 'view', 'viewChanged', 'error'],
  unsubscribe: ['unsubscribed', 'error'],
  command: ['commandResult', 'error'],
  ping: ['pong', 'error'],
  authenticate: ['authenticated', 'error'],
  tail: ['tailing', 'error'],
  untail: ['untailed', 'error'],
};

const receive = (action: ClientAction) => ({
  action: 'receive',
  channel: channelRef,
  summary: `A client's \`${action}\` frame`,
  messages: [messageRef(action)],
  reply: { channel: channelRef, messages: REPLIES[action].map(messageRef) },
});

const operations = () => ({
  ...Object.fromEntries(
    (Object.keys(REPLIES) as ClientAction[]).map((action) => [
      `receive${action.charAt(0).toUpperCase()}${action.slice(1)}`,
      receive(action),
    ]),
  ),
  pushView: {
    action: 'send',
    channel: channelRef,
    summary: 'A subscribed view changed, or a member of a subscribed collection',
    description:
      'One frame per change, to every subscriber of the view and of its collections (each connection once); `viewChanged` when the view is too large; `viewPatch` for subscriptions with `patches` when smaller; `memberRemoved` to the subscribers of a filter value a member no longer has.',
    messages: [messageRef('view'), messageRef('viewChanged'), messageRef('viewPatch'), messageRef('memberRemoved')],
  },
  pushEvent: {
    action: 'send',
    channel: channelRef,
    summary: "An event of the connection's context, to a connection that sent `tail`",
    messages: [messageRef('event')],
  },
  refuseConnection: {
    action: 'send',
    channel: channelRef,
    summary: 'The connection may no longer be served',
    description:
      'On a frame or a push: TOKEN_EXPIRED or UNKNOWN_CONTEXT, then the server closes the connection (code 1000).',
    messages: [messageRef('error')],
  },
});

/** `x-cairn-close-codes`: code → its name in CLOSE_CODES, when it is used and what the client does. */
const closeCodes = (): Record<string, JsonSchema> =>
  Object.fromEntries(
    (Object.entries(CLOSE_CODES) as [CloseCodeName, number][])
      .sort(([, a], [, b]) => a - b)
      .map(([name, code]) => [String(code), { name, ...CLOSE_CODE_NOTES[name] }]),
  );

/** The document for `domain`'s commands and views. */
export const buildAsyncApi = (domain: Domain, options: AsyncApiOptions = {}): AsyncApiDocument => {
  const all = messages();
  return {
    asyncapi: '3.0.0',
    info: {
      title: options.title ?? 'Cairn live views',
      version: options.version ?? '1',
      description:
        "Live views and commands over one WebSocket: JSON frames, the client's by `action`, the server's by `type`. Operations are the server's: it receives the client's frames (answering each) and sends pushes. The REST API is described at /openapi.json.",
    },
    defaultContentType: 'application/json',
    servers: SERVERS,
    channels: {
      [CHANNEL]: {
        address: null,
        title: 'The socket',
        description:
          "The connection itself (the server's URL, no address of its own): every frame of either side travels on it. After TOKEN_EXPIRED or UNKNOWN_CONTEXT the server closes it; the close codes are in `x-cairn-close-codes`, but act on the error frame's code: API Gateway closes with 1000 whatever the reason.",
        messages: Object.fromEntries(Object.keys(all).map((name) => [name, { $ref: `#/components/messages/${name}` }])),
        bindings: CONNECTION_BINDINGS,
        'x-cairn-close-codes': closeCodes(),
      },
    },
    operations: operations(),
    components: { schemas: frameSchemas(domain), messages: all, securitySchemes: SECURITY_SCHEMES },
  };
};
