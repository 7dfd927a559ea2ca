import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { managementApiClient } from '#adapters/apigateway/managementApiPusher';
import { LIMITS } from '#application/limits';
import { readBoundedBody } from '../boundedBody';
import type { LocalConnection } from './localConnection';
import { CLOSE_CODES } from './socketLimits';

/**
 * Every socket of this process answers through here at once (1,000 subscribing together, say),
 * on one event loop that also runs everything else: more sockets and longer timeouts than a
 * Lambda needs. The gateway never waits for a client, so these bound only a runtime gone wrong.
 */
const LOCAL_TIMEOUTS = { connectionTimeout: 10_000, requestTimeout: 15_000, maxAttempts: 2, maxSockets: 256 };

/** The header that carries the per-process key; in AWS the same API needs IAM-signed requests. */
const KEY_HEADER = 'x-cairn-management-key';

/** The gateway's connections by id (own entries of a Map: the id comes from the request). */
export type ConnectionLookup = (connectionId: string) => LocalConnection | undefined;

export interface ManagementApi {
  /** `http://127.0.0.1:<port>`: reachable from this machine only, and only with the key. */
  endpoint: string;
  /** The management-API client for this endpoint, sending the key on every request. */
  client: () => ReturnType<typeof managementApiClient>;
  close: () => Promise<void>;
}

/**
 * The local WebSocket management API — `POST`, `GET`, `DELETE /@connections/{id}`, with API
 * Gateway's answers (410 GoneException, 429 LimitExceededException, 413) — so that the push code
 * used in AWS runs unchanged against it. It listens on loopback on a port of its own, never on the
 * public one, and refuses any request without this process's random key (403).
 */
export const startManagementApi = async (
  connections: ConnectionLookup,
  log: (error: unknown) => void,
): Promise<ManagementApi> => {
  const key = randomBytes(32);
  const server = createServer((request, response) => {
    try {
      serve(request, response, connections, key);
    } catch (error) {
      log(error);
      reply(response, 500, 'InternalServerErrorException');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const keyText = key.toString('base64url');
  return {
    endpoint,
    client: () => {
      const client = managementApiClient(
        { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
        LOCAL_TIMEOUTS,
      );
      client.middlewareStack.add(
        (next) => (args) => {
          const request = args.request as { headers?: Record<string, string> };
          if (request.headers) request.headers[KEY_HEADER] = keyText;
          return next(args);
        },
        { step: 'build', name: 'cairnManagementKey' },
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

const hasKey = (request: IncomingMessage, key: Buffer): boolean => {
  const given = Buffer.from(String(request.headers[KEY_HEADER] ?? ''), 'base64url');
  return given.length === key.length && timingSafeEqual(given, key);
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
  key: Buffer,
  connectionId: string | undefined,
): { status: number; error?: string; body?: unknown } | undefined => {
  if (!hasKey(request, key)) return { status: 403, error: 'ForbiddenException' };
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

const serve = (request: IncomingMessage, response: ServerResponse, connections: ConnectionLookup, key: Buffer) => {
  const connectionId = connectionIdOf(request.url);
  const connection = connectionId === undefined ? undefined : connections(connectionId);
  const answer = answerOf(request, connection, key, connectionId);
  if (answer || !connection) {
    request.resume();
    const { status = 500, error, body } = answer ?? {};
    if (body === undefined) return reply(response, status, error);
    response.writeHead(status, { 'content-type': 'application/json' });
    return response.end(JSON.stringify(body));
  }
  readBoundedBody(request, LIMITS.socketMessageBytes).then(
    (data) => {
      if (data === undefined) return reply(response, 413, 'PayloadTooLargeException');
      const delivery = connection.deliver(data.toString('utf8'));
      if (delivery === 'gone') reply(response, 410, 'GoneException');
      else if (delivery === 'full') reply(response, 429, 'LimitExceededException');
      else reply(response, 200);
    },
    () => reply(response, 400, 'BadRequestException'),
  );
};
