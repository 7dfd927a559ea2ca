/** The parts of an API Gateway WebSocket event that Cairn reads, and the token a `$connect` carries. */
import { UnauthenticatedError } from '#application/access';

/** The same shape for every route. */
export interface WebSocketEvent {
  requestContext: { routeKey: string; connectionId: string; eventType?: string; authorizer?: unknown };
  queryStringParameters?: Record<string, string | undefined> | null;
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface WebSocketResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

/** The subprotocols a client offered (`Sec-WebSocket-Protocol: cairn, <token>`). */
export const offeredProtocols = (event: WebSocketEvent): string[] =>
  Object.entries(event.headers ?? {})
    .find(([name]) => name.toLowerCase() === 'sec-websocket-protocol')?.[1]
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean) ?? [];

/**
 * The token at $connect: `?token=` or, for browsers that keep it out of URLs, the second entry of
 * `Sec-WebSocket-Protocol: cairn, <token>`.
 */
export const webSocketToken = (event: WebSocketEvent): string => {
  const query = event.queryStringParameters?.token;
  if (query) return query;
  const token = offeredProtocols(event).find((part) => part !== 'cairn');
  if (!token) throw new UnauthenticatedError('Connect with ?token=<token> or Sec-WebSocket-Protocol: cairn, <token>');
  return token;
};
