/**
 * Where the WebSocket API is and how a connection proves who it is, for the AsyncAPI document:
 * the local runtime's `/ws` and the stack's WebSocket stage, the token in `Sec-WebSocket-Protocol`
 * (as browsers send it; the only way in AWS, whose authorizer reads that header) or in `?token=`
 * (local only), and `?context=`.
 */
import { contextNameSchema, type JsonSchema } from './openApiSchemas';

const subprotocolToken = { $ref: '#/components/securitySchemes/subprotocolToken' };
const queryToken = { $ref: '#/components/securitySchemes/queryToken' };

export const SECURITY_SCHEMES: Record<string, JsonSchema> = {
  subprotocolToken: {
    type: 'httpApiKey',
    in: 'header',
    name: 'Sec-WebSocket-Protocol',
    description:
      'The subprotocols `cairn, <token>` (a token of npx cairn token, granting at least reader in the context); the server answers with the `cairn` subprotocol. Checked at connect: renew it on the open socket with `authenticate`.',
  },
  queryToken: {
    type: 'httpApiKey',
    in: 'query',
    name: 'token',
    description: '`?token=<token>`: the local runtime only (API Gateway reads the header).',
  },
};

export const SERVERS: Record<string, JsonSchema> = {
  local: {
    host: 'localhost:3000',
    protocol: 'ws',
    pathname: '/ws',
    title: 'The local runtime (npm start)',
    description: 'With `CAIRN_AUTH=off` no token is asked for.',
    security: [subprotocolToken, queryToken],
  },
  aws: {
    host: '{apiId}.execute-api.{region}.amazonaws.com',
    protocol: 'wss',
    pathname: '/{stage}',
    title: 'The stack (its WebSocketUrl output)',
    variables: {
      apiId: { description: 'The WebSocket API id' },
      region: { description: 'The AWS region' },
      stage: { description: 'The stage (-c stage=…)', default: 'dev' },
    },
    security: [subprotocolToken],
  },
};

/** The upgrade request: `?context=` (and the token, by either scheme). An unknown context is refused with 404. */
export const CONNECTION_BINDINGS: JsonSchema = {
  ws: {
    method: 'GET',
    query: {
      type: 'object',
      properties: {
        context: {
          ...contextNameSchema,
          default: 'default',
          description: 'The context the connection works in; a context that does not exist is refused (404)',
        },
        token: { type: 'string', description: 'The token (local runtime only; else Sec-WebSocket-Protocol)' },
      },
    },
    headers: {
      type: 'object',
      properties: {
        'Sec-WebSocket-Protocol': {
          type: 'string',
          description: '`cairn, <token>`',
          examples: ['cairn, eyJhbGciOi...'],
        },
      },
    },
    bindingVersion: '0.1.0',
  },
};
