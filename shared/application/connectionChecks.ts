/**
 * What every frame and every push checks of an open WebSocket connection, which the gateway
 * authenticated once, at connect: that its token has not expired and that its context is still
 * live. A connection that fails either is told why (the error frame: the code clients act on),
 * then closed and forgotten.
 */
import { type CairnError, TokenExpiredError, UnknownContextError } from '#core/errors';
import type { ConnectionRegistry, Pusher } from '#ports/connectionRegistry';
import type { ContextGate } from '#ports/contextGate';
import { isServedContext } from './contextGates';

/** Expired at its `exp` second exactly, with no grace: as REST refuses the same token. */
export const tokenHasExpired = (tokenExpiresAt: number | undefined, now: Date): boolean =>
  tokenExpiresAt !== undefined && tokenExpiresAt * 1000 <= now.getTime();

/** Why the connection may no longer be served (TOKEN_EXPIRED, UNKNOWN_CONTEXT), or undefined. */
export const connectionRefusal = async (
  connection: { context: string; tokenExpiresAt?: number },
  contexts: ContextGate | undefined,
  now: Date,
): Promise<CairnError | undefined> => {
  if (connection.tokenExpiresAt !== undefined && tokenHasExpired(connection.tokenExpiresAt, now)) {
    return new TokenExpiredError(connection.tokenExpiresAt);
  }
  if (!(await isServedContext(connection.context, contexts))) return new UnknownContextError(connection.context);
  return undefined;
};

/** An error as a WebSocket frame: `{"type":"error","code","message",...details,"requestId"?}`. */
export const errorFrame = (error: CairnError, requestId?: string) => ({
  type: 'error',
  ...error.toJSON(),
  ...(requestId !== undefined && { requestId }),
});

export interface RefusalDeps {
  registry: ConnectionRegistry;
  pusher: Pusher;
  log?: (error: unknown) => void;
}

/**
 * Ends a connection that may no longer be served: the error frame first (a client must learn the
 * reason from it: API Gateway closes with a code of its own choosing), then the close through the
 * management API, then its records. Each step runs even if the one before failed.
 */
export const refuseConnection = async (
  deps: RefusalDeps,
  connectionId: string,
  reason: CairnError,
  endpoint?: string,
) => {
  const frame = JSON.stringify(errorFrame(reason));
  await deps.pusher.push(connectionId, frame, endpoint).catch((error: unknown) => deps.log?.(error));
  await deps.pusher.close(connectionId, endpoint).catch((error: unknown) => deps.log?.(error));
  await deps.registry.disconnect(connectionId);
};

/**
 * Ends a connection whose client does not read what it is sent (the management API's 429: its
 * buffer is full). Nothing more is queued for it; once it reconnects and resubscribes from the
 * versions it saw, it is sent what it missed.
 */
export const closeUnread = async (deps: RefusalDeps, connectionId: string, endpoint?: string) => {
  await deps.pusher.close(connectionId, endpoint).catch((error: unknown) => deps.log?.(error));
  await deps.registry.disconnect(connectionId);
};
