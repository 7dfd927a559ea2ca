import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { managementApiClient } from '#adapters/apigateway/managementApiPusher';
import { LIMITS } from '#application/limits';
import { readBoundedBody } from '../boundedBody';
import { listen } from '../listen';
import type { LocalConnection } from './localConnection';
import { managementKey, SIGNATURE_HEADER, signRequest, verifyRequest } from './managementAuth';
import { CLOSE_CODES } from './socketLimits';

/**
 * Every socket of this process answers through here at once (1,000 subscribing together, say),
 * on one event loop that also runs everything else: more sockets and longer timeouts than a
 * Lambda needs. The gateway never waits for a client, so these bound only a runtime gone wrong.
 */
const LOCAL_TIMEOUTS = { connectionTimeout: 10_000, requestTimeout: 15_000, maxAttempts: 2, maxSockets: 256 };

/** The gateway's connections by id (own entries of a Map: the id comes from the request). */
export type ConnectionLookup = (connectionId: string) => LocalConnection | undefined;

export interface ManagementApiOptions {
  /** Signs and checks every request: runtimes sharing it reach each other (managementAuth.ts). */
  key: Buffer;
  /** Where it listens: loopback, on a port of its own, unless runtimes on other hosts must reach it. */
  host?: string;
  port?: number;
  /** How other runtimes reach it, when that is not `http://<host>:<port>` (behind NAT, a container). */
  advertisedUrl?: string;
}

export interface ManagementApi {
  /** Where this runtime's sockets are reached: recorded with each of their connections. */
  endpoint: string;
  /** The management-API client for an endpoint (this one by default), signing every request. */
  client: (endpoint?: string) => ReturnType<typeof managementApiClient>;
  close: () => Promise<void>;
}

/**
 * The local WebSocket management API — `POST`, `GET`, `DELETE /@connections/{id}`, with API
 * Gateway's answers (410 GoneException, 429 LimitExceededException, 413) — so that the push code
 * used in AWS runs unchanged against it. It listens apart from the public port (on loopback unless
 * told otherwise) and refuses any request not signed with the key (403): the runtimes of one
 * deployment share it and push to each other's sockets through it.
 */
export const startManagementApi = async (
  connections: ConnectionLookup,
  log: (error: unknown) => void,
  options: ManagementApiOptions = { key: managementKey() },
): Promise<ManagementApi> => {
  const { key } = options;
  const server = createServer((request, response) => {
    serve(request, response, connections, key).catch((error: unknown) => {
      log(error);
      reply(response, 500, 'InternalServerErrorException');
    });
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host, 'management');
  const endpoint = options.advertisedUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    endpoint,
    client: (target = endpoint) => {
      const client = managementApiClient(
        { endpoint: target, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
        LOCAL_TIMEOUTS,
      );
      client.middlewareStack.add(
        (next) => (args) => {
          const request = args.request as {
            method?: string;
            path?: string;
            body?: unknown;
            headers?: Record<string, string>;
          };
          if (request.headers) {
            const body =
              request.body instanceof Uint8Array ? request.body : new TextEncoder().encode(String(request.body ?? ''));
            request.headers[SIGNATURE_HEADER] = signRequest(key, {
              method: request.method ?? 'GET',
              path: request.path ?? '/',
              body,
            });
          }
          return next(args);
        },
        { step: 'build', name: 'cairnManagementSignature' },
      );
      return client;
    },
    close: () => closeServer(server),
  };
};

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** An answer as API Gateway gives it: errors named in `x-amzn-errortype`, which the SDK reads. */
const reply = (response: ServerResponse, status: number, error?: string) => {
  if (response.headersSent) return void response.destroy();
  const named = error === undefined ? {} : { 'x-amzn-errortype': error };
  response.writeHead(status, { 'content-type': 'application/json', ...named });
  response.end(error === undefined ? undefined : JSON.stringify({ message: error }));
};

/** The connection id of `/@connections/{id}`, or undefined for any other path or a bad escape. */
const connectionIdOf = (url: string | undefined): string | undefined => {
  const match = /^\/@connections\/([^/?]+)(?:\?.*)?$/.exec(url ?? '');
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
};

/** The answer to anything but a POST to an open connection, or undefined for that one. */
const answerOf = (
  request: IncomingMessage,
  connection: LocalConnection | undefined,
  connectionId: string | undefined,
): { status: number; error?: string; body?: unknown } | undefined => {
  if (connectionId === undefined) return { status: 400, error: 'BadRequestException' };
  if (!connection?.open) return { status: 410, error: 'GoneException' };
  if (request.method === 'GET') {
    return {
      status: 200,
      body: {
        ConnectedAt: connection.connectedAt.toISOString(),
        LastActiveAt: connection.lastActiveAt.toISOString(),
        Identity: { SourceIp: connection.sourceIp },
      },
    };
  }
  if (request.method === 'DELETE') {
    connection.socket.close(CLOSE_CODES.normal, 'closed by the server');
    return { status: 204 };
  }
  if (request.method !== 'POST') return { status: 405, error: 'MethodNotAllowed' };
  return undefined;
};

const serve = async (
  request: IncomingMessage,
  response: ServerResponse,
  connections: ConnectionLookup,
  key: Buffer,
): Promise<void> => {
  // The signature covers the body: read it first (bounded), then check, then act.
  const data = await readBoundedBody(request, LIMITS.socketMessageBytes).catch(() => null);
  if (data === null) return reply(response, 400, 'BadRequestException');
  const signature = request.headers[SIGNATURE_HEADER];
  const signed = {
    method: request.method ?? 'GET',
    path: (request.url ?? '/').split('?')[0] ?? '/',
    body: data ?? new Uint8Array(),
  };
  if (data === undefined)
    return reply(response, signature ? 413 : 403, signature ? 'PayloadTooLargeException' : 'ForbiddenException');
  if (!verifyRequest(key, typeof signature === 'string' ? signature : undefined, signed)) {
    return reply(response, 403, 'ForbiddenException');
  }
  const connectionId = connectionIdOf(request.url);
  const connection = connectionId === undefined ? undefined : connections(connectionId);
  const answer = answerOf(request, connection, connectionId);
  if (answer || !connection) {
    const { status = 500, error, body } = answer ?? {};
    if (body === undefined) return reply(response, status, error);
    response.writeHead(status, { 'content-type': 'application/json' });
    return void response.end(JSON.stringify(body));
  }
  const delivery = connection.deliver(data.toString('utf8'));
  if (delivery === 'gone') reply(response, 410, 'GoneException');
  else if (delivery === 'full') reply(response, 429, 'LimitExceededException');
  else reply(response, 200);
};
