import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { LIMITS } from '#application/limits';
import { MethodNotAllowedError, PayloadTooLargeError } from '#core/errors';
import { addHeaders } from '#http/cors';
import { errorResponse } from '#http/responses';
import { allowedMethods, methodsOfTheApi, routeOf } from '#http/routes';
import { toApiGatewayEvent } from './apiGatewayEvent';
import { readBoundedBody } from './boundedBody';
import { requestTarget } from './requestTarget';

export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/**
 * A route served by the local process itself (CORS preflights, demo files); true when it
 * answered. `url` is the request's target, already checked to be one.
 */
export type LocalRoute = (request: IncomingMessage, response: ServerResponse, url: URL) => boolean;

/** API Gateway stops bodies at 10 MB; the local gateway stops reading a little past the command limit. */
const MAX_READ = LIMITS.commandBodyBytes + 1024;
const REQUEST_TIMEOUT_MS = 30_000;

export interface HttpGatewayOptions {
  localRoutes?: readonly LocalRoute[];
  /** Headers for the gateway's own answers (400, 413, 500): in AWS, the stack's gateway responses carry CORS headers. */
  ownHeaders?: (request: IncomingMessage) => Record<string, string>;
  log?: (error: unknown) => void;
}

/**
 * The local stand-in for API Gateway REST: every request becomes a proxy event for the same
 * handler that runs in Lambda, and the handler's result becomes the response. The listener is
 * an error boundary: whatever a request holds, it gets an answer in Cairn's error shape (a typed
 * 4xx, or 500 INTERNAL_ERROR with the cause logged) and the server keeps serving.
 */
export const createHttpGateway = (handler: ProxyHandler, options: HttpGatewayOptions = {}): Server => {
  const log = options.log ?? console.error;
  const own = (request: IncomingMessage, result: APIGatewayProxyResult) =>
    addHeaders(result, options.ownHeaders?.(request) ?? {});
  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = requestTarget(request);
    for (const route of options.localRoutes ?? []) if (route(request, response, url)) return;
    const body = await readBoundedBody(request, MAX_READ);
    const result = body ? await handler(toApiGatewayEvent(request, url, body)) : own(request, tooLarge(request, log));
    send(response, result);
  };
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      request.resume(); // an unread body must not hold the connection
      // The client went away mid-request: nobody to answer, nothing to log. (Not `request.destroyed`:
      // a request whose body was read to its end is destroyed too, and its client still waits.)
      if (response.headersSent || !response.socket || response.socket.destroyed) response.destroy();
      else send(response, own(request, errorResponse(error, log)));
    });
  });
  // CONNECT (a proxy tunnel) never reaches 'request': without this listener Node drops the socket.
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    // Its target is a host:port, not a path: `Allow` lists what the path's route serves, or any route.
    const route = request.url?.startsWith('/') ? routeOf(request.url.split('?')[0] ?? '') : undefined;
    const allowed = route ? allowedMethods(route) : methodsOfTheApi();
    const result = own(request, errorResponse(new MethodNotAllowedError('CONNECT', allowed), log));
    socket.end(rawResponse(result));
  });
  // Keep idle connections longer than clients do (Node's fetch: 4 s), as load balancers do: with
  // Node's default 5 s, a client reusing a connection just as the server closes it gets ECONNRESET.
  server.keepAliveTimeout = 65_000;
  // A request (headers and body) must arrive within 30 s, about API Gateway's 29 s integration
  // limit: a client that announces a body and never sends it holds a socket no longer (408).
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  return server;
};

const tooLarge = (request: IncomingMessage, log: (error: unknown) => void): APIGatewayProxyResult => {
  const size = Number(request.headers['content-length'] ?? MAX_READ);
  return errorResponse(new PayloadTooLargeError('The request body', size, LIMITS.commandBodyBytes), log);
};

/** An answer written straight to a socket that Node handed over (CONNECT). */
const rawResponse = (result: APIGatewayProxyResult): string => {
  const body = Buffer.from(result.body, 'utf8');
  const headers = Object.entries({ ...result.headers, 'content-length': body.length, connection: 'close' })
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  return `HTTP/1.1 ${result.statusCode} ${STATUS_CODES[result.statusCode] ?? ''}\r\n${headers}\r\n\r\n${body}`;
};

/**
 * Writes a handler's answer. An answer without content (HEAD, 304, 204) gets no Content-Length:
 * that header would claim the 200's length (RFC 9110 §8.6), which the handler did not send; Node
 * writes no body for them.
 */
const send = (response: ServerResponse, result: APIGatewayProxyResult): void => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8');
  const bodiless = response.req?.method === 'HEAD' || result.statusCode === 304 || result.statusCode === 204;
  if (!bodiless) headers['content-length'] = String(body.length);
  response.writeHead(result.statusCode, headers);
  response.end(body);
};
