import type { TokenVerifier } from '#application/access';
import type { CommandService } from '#application/commandService';
import { closeUnread, connectionRefusal, errorFrame, refuseConnection } from '#application/connectionChecks';
import { EventTail } from '#application/eventTail';
import type { LiveViews } from '#application/liveViews';
import { CairnError, isCairnError } from '#core/errors';
import type { ConnectionRegistry, Pusher } from '#ports/connectionRegistry';
import type { ContextGate } from '#ports/contextGate';
import { createFrameActions } from './frameActions';
import { parseFrame } from './frameParser';
import { type ConnectAuthenticator, createConnect } from './socketConnect';
import type { WebSocketEvent, WebSocketResult } from './websocketEvent';

// The names other modules import from here (the local gateway, the authorizer, the entry points).
export { type ConnectAuthenticator, gatewayConnectAuthenticator, tokenConnectAuthenticator } from './socketConnect';
export { type WebSocketEvent, type WebSocketResult, webSocketToken } from './websocketEvent';

export interface WebSocketApiDeps {
  registry: ConnectionRegistry;
  liveViews: LiveViews;
  pusher: Pusher;
  commands: CommandService;
  /** The live tail of a context's events; without it, one on this registry and pusher. */
  tail?: EventTail;
  /** Who connects, checked at $connect; without it, auth is off (local runtime only). */
  authenticate?: ConnectAuthenticator;
  /**
   * Verifies the fresh token of an `authenticate` frame. Needed whenever `authenticate` is set: the
   * gateway's authorizer runs at `$connect` only, so this handler verifies later tokens itself.
   */
  verify?: TokenVerifier;
  /** The live contexts, checked at connect and on every frame; without it, every well-formed one. */
  contexts?: ContextGate;
  /** The management endpoint that reaches the sockets this process accepts, recorded per connection. */
  endpoint?: string;
  newId: () => string;
  now: () => Date;
  log?: (error: unknown) => void;
}

/**
 * `$connect` records the connection with its context and token expiry; `$disconnect` removes it
 * and its subscriptions; every other route takes one frame and answers on the socket (through the
 * management API, so that the answer takes the same path as a push). Before any frame is read,
 * the connection must still be served: its token unexpired and its context live, or it gets a
 * TOKEN_EXPIRED / UNKNOWN_CONTEXT error frame and is closed. A bad frame gets an error frame and
 * the connection stays open.
 */
export const createWebSocketApi = (deps: WebSocketApiDeps) => {
  if (deps.authenticate && !deps.verify) {
    throw new Error('A WebSocket API that authenticates at $connect needs `verify` for the authenticate action');
  }
  // An answer the client does not read (its buffer full) ends the connection, as a push would.
  const send = async (connectionId: string, frame: unknown) => {
    if ((await deps.pusher.push(connectionId, JSON.stringify(frame))) === 'full') await closeUnread(deps, connectionId);
  };
  const connect = createConnect(deps);
  const tail = deps.tail ?? new EventTail({ registry: deps.registry, pusher: deps.pusher, log: deps.log });
  const act = createFrameActions({ ...deps, tail, verify: deps.authenticate && deps.verify });

  const message = async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const connectionId = event.requestContext.connectionId;
    let requestId: string | undefined;
    try {
      const connection = await deps.registry.get(connectionId);
      if (!connection) {
        // Its record is gone (pruned, expired) while its socket stayed open: no push would reach
        // it any more. Tell it and close it, so that the client reconnects and resumes.
        const notConnected = new CairnError('NOT_CONNECTED', 410, 'This connection is not registered; reconnect');
        await refuseConnection(deps, connectionId, notConnected);
        return { statusCode: 200 };
      }
      const refusal = await connectionRefusal(connection, deps.contexts, deps.now());
      if (refusal) {
        await refuseConnection(deps, connectionId, refusal);
        return { statusCode: 200 };
      }
      const frame = parseFrame(event);
      if (frame.action === 'command') requestId = frame.requestId;
      for (const answer of await act(connection, frame)) await send(connectionId, answer);
    } catch (error) {
      if (!isCairnError(error)) deps.log?.(error);
      const typed = isCairnError(error)
        ? error
        : new CairnError('INTERNAL_ERROR', 500, 'The server could not handle this frame; send it again');
      await send(connectionId, errorFrame(typed, requestId)).catch((sendError: unknown) => deps.log?.(sendError));
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
