import {
  type Principal,
  type Role,
  requireRole,
  type TokenVerifier,
  UnauthenticatedError,
} from '../../shared/application/access';
import type { CommandService } from '../../shared/application/commandService';
import type { LiveViews } from '../../shared/application/liveViews';
import { ACTIONS, type ClientFrame, clientFrame, MAX_FRAME_BYTES } from '../../shared/application/socketFrames';
import { fieldIssues } from '../../shared/application/zodIssues';
import {
  CairnError,
  InvalidJsonError,
  isCairnError,
  PayloadTooLargeError,
  UnknownContextError,
  ValidationError,
} from '../../shared/core/errors';
import { isKnownContext } from '../../shared/core/ids';
import { requireAuthorizedPrincipal } from '../../shared/http/gatewayPrincipal';
import type { Connection, ConnectionRegistry, Pusher } from '../../shared/ports/connectionRegistry';

/** The role a connection got at $connect, as a principal for the role checks. */
const asPrincipal = (connection: Connection): Principal => ({
  subject: connection.principal,
  roles: new Map([[connection.context, connection.role ?? 'reader']]),
});

/** The subprotocols a client offered (`Sec-WebSocket-Protocol: cairn, <token>`). */
const offeredProtocols = (event: WebSocketEvent): string[] =>
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

/** How a $connect proves who connects: a principal, or UNAUTHENTICATED. */
export type ConnectAuthenticator = (event: WebSocketEvent) => Promise<Principal>;

/** Behind the stack's `$connect` authorizer: the principal it verified (clients cannot set it). */
export const gatewayConnectAuthenticator: ConnectAuthenticator = async (event) =>
  requireAuthorizedPrincipal(event.requestContext.authorizer);

/** The local gateway: the handler verifies the token itself. */
export const tokenConnectAuthenticator =
  (verify: TokenVerifier): ConnectAuthenticator =>
  (event) =>
    verify(webSocketToken(event));

/** The parts of an API Gateway WebSocket event that Cairn reads (the same shape for every route). */
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

export interface WebSocketApiDeps {
  registry: ConnectionRegistry;
  liveViews: LiveViews;
  pusher: Pusher;
  commands: CommandService;
  /** Who connects, checked at $connect; without it, auth is off (local runtime only). */
  authenticate?: ConnectAuthenticator;
  contexts?: ReadonlySet<string>;
  newId: () => string;
  now: () => Date;
  log?: (error: unknown) => void;
}

/**
 * `$connect` records the connection with its context; `$disconnect` removes it and its
 * subscriptions; every other route parses one frame and answers on the socket (through the
 * management API, so that the answer takes the same path as a push). A bad frame gets an error
 * frame and the connection stays open.
 */
export const createWebSocketApi = (deps: WebSocketApiDeps) => {
  const send = (connectionId: string, frame: unknown) => deps.pusher.push(connectionId, JSON.stringify(frame));

  const connect = async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const context = event.queryStringParameters?.context ?? 'default';
    if (!isKnownContext(context, deps.contexts)) {
      return { statusCode: 404, body: JSON.stringify({ error: new UnknownContextError(context).toJSON() }) };
    }
    let principal = 'anonymous';
    let role: Role = 'admin';
    if (deps.authenticate) {
      try {
        const granted = await deps.authenticate(event);
        requireRole(granted, context, 'reader');
        principal = granted.subject;
        role = granted.roles.get(context) ?? 'reader';
      } catch (error) {
        if (!isCairnError(error)) throw error;
        return { statusCode: error.status, body: JSON.stringify({ error: error.toJSON() }) };
      }
    }
    const now = deps.now();
    await deps.registry.connect({
      connectionId: event.requestContext.connectionId,
      context,
      principal,
      role,
      connectedAt: now.toISOString(),
      expiresAt: deps.liveViews.expiresAt(),
    });
    // A client that offered the `cairn` subprotocol (browsers sending their token that way) must
    // get it back, or the browser drops the connection.
    return offeredProtocols(event).includes('cairn')
      ? { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'cairn' } }
      : { statusCode: 200 };
  };

  const parse = (event: WebSocketEvent): ClientFrame => {
    const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    const size = Buffer.byteLength(raw);
    if (size > MAX_FRAME_BYTES) throw new PayloadTooLargeError('The frame', size, MAX_FRAME_BYTES);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new InvalidJsonError(`The frame is not valid JSON: ${(error as Error).message}`);
    }
    const action = (json as { action?: unknown } | null)?.action;
    if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) {
      throw new CairnError('UNKNOWN_ACTION', 400, `Unknown action ${JSON.stringify(action)}`, {
        knownActions: ACTIONS,
      });
    }
    const parsed = clientFrame.safeParse(json);
    if (!parsed.success) throw new ValidationError(`Invalid ${action} frame`, fieldIssues(parsed.error));
    return parsed.data;
  };

  const runCommand = async (connection: Connection, frame: Extract<ClientFrame, { action: 'command' }>) => {
    try {
      const outcome = await deps.commands.execute(
        {
          context: connection.context,
          commandId: frame.idempotencyKey ?? deps.newId(),
          ...frame.command,
          expectedVersion: frame.expectedVersion,
          issuedAt: deps.now().toISOString(),
        },
        { freshId: frame.idempotencyKey === undefined },
      );
      return { type: 'commandResult', requestId: frame.requestId, status: 200, ...outcome.result };
    } catch (error) {
      if (!isCairnError(error)) throw error;
      return { type: 'commandResult', requestId: frame.requestId, status: error.status, error: error.toJSON() };
    }
  };

  const message = async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const connectionId = event.requestContext.connectionId;
    let requestId: string | undefined;
    try {
      const connection = await deps.registry.get(connectionId);
      if (!connection) throw new CairnError('NOT_CONNECTED', 410, 'This connection is not registered; reconnect');
      const frame = parse(event);
      if (frame.action === 'command') requestId = frame.requestId;
      switch (frame.action) {
        case 'ping':
          await send(connectionId, { type: 'pong' });
          break;
        case 'subscribe': {
          requireRole(asPrincipal(connection), connection.context, 'reader');
          const view = await deps.liveViews.subscribe(connection, frame);
          await send(connectionId, { type: 'subscribed', projection: frame.projection, key: frame.key });
          if (view) await send(connectionId, view);
          break;
        }
        case 'unsubscribe':
          await deps.liveViews.unsubscribe(connection, frame);
          await send(connectionId, { type: 'unsubscribed', projection: frame.projection, key: frame.key });
          break;
        case 'command':
          requireRole(asPrincipal(connection), connection.context, 'writer');
          await send(connectionId, await runCommand(connection, frame));
          break;
        default: {
          const unreachable: never = frame;
          throw new Error(`Unhandled frame ${JSON.stringify(unreachable)}`);
        }
      }
    } catch (error) {
      if (!isCairnError(error)) deps.log?.(error);
      const typed = isCairnError(error)
        ? error
        : new CairnError('INTERNAL_ERROR', 500, 'The server could not handle this frame; send it again');
      await send(connectionId, { type: 'error', ...typed.toJSON(), ...(requestId && { requestId }) }).catch(
        (sendError: unknown) => deps.log?.(sendError),
      );
    }
    return { statusCode: 200 };
  };

  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    switch (event.requestContext.routeKey) {
      case '$connect':
        return connect(event);
      case '$disconnect':
        await deps.registry.disconnect(event.requestContext.connectionId);
        return { statusCode: 200 };
      default:
        return message(event);
    }
  };
};
