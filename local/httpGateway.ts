import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { LIMITS } from '../shared/application/limits';
import { PayloadTooLargeError } from '../shared/core/errors';
import { addHeaders } from '../shared/http/cors';
import { errorResponse } from '../shared/http/responses';
import { toApiGatewayEvent } from './apiGatewayEvent';

export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** A route served by the local process itself (management API, demo files); true when it answered. */
export type LocalRoute = (request: IncomingMessage, response: ServerResponse) => boolean;

/** API Gateway stops bodies at 10 MB; the local gateway stops reading a little past the command limit. */
const MAX_READ = LIMITS.commandBodyBytes + 1024;

/**
 * The local stand-in for API Gateway REST: every request becomes a proxy event for the same
 * handler that runs in Lambda, and the handler's result becomes the response.
 */
export const createHttpGateway = (
  handler: ProxyHandler,
  localRoutes: readonly LocalRoute[] = [],
  // Headers for the gateway's own answers (413, 500): in AWS, the stack's gateway responses carry CORS headers.
  ownHeaders: (request: IncomingMessage) => Record<string, string> = () => ({}),
): Server => {
  const server = createServer((request, response) => {
    for (const route of localRoutes) if (route(request, response)) return;
    const own = (result: APIGatewayProxyResult) => addHeaders(result, ownHeaders(request));
    readBody(request)
      .then((body) => (body ? handler(toApiGatewayEvent(request, body)) : tooLarge(request).then(own)))
      .catch((error: unknown) => own(errorResponse(error)))
      .then((result) => send(response, result));
  });
  // Keep idle connections longer than clients do (Node's fetch: 4 s), as load balancers do: with
  // Node's default 5 s, a client reusing a connection just as the server closes it gets ECONNRESET.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
};

const readBody = (request: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_READ) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_READ ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });

const tooLarge = async (request: IncomingMessage): Promise<APIGatewayProxyResult> => {
  const size = Number(request.headers['content-length'] ?? MAX_READ);
  return errorResponse(new PayloadTooLargeError('The request body', size, LIMITS.commandBodyBytes));
};

const send = (response: ServerResponse, result: APIGatewayProxyResult): void => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8');
  headers['content-length'] = String(body.length);
  response.writeHead(result.statusCode, headers);
  response.end(body);
};
