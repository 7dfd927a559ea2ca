/** `$connect`: who connects, to which context, recorded with the role and the token's expiry. */
import { type Principal, type Role, requireRole, type TokenVerifier } from '#application/access';
import { isServedContext } from '#application/contextGates';
import type { LiveViews } from '#application/liveViews';
import { isCairnError, UnknownContextError } from '#core/errors';
import { requireAuthorizedPrincipal } from '#http/gatewayPrincipal';
import type { ConnectionRegistry } from '#ports/connectionRegistry';
import type { ContextGate } from '#ports/contextGate';
import { offeredProtocols, type WebSocketEvent, type WebSocketResult, webSocketToken } from './websocketEvent';

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

export interface ConnectDeps {
  registry: ConnectionRegistry;
  liveViews: LiveViews;
  /** Who connects; without it, auth is off (local runtime only). */
  authenticate?: ConnectAuthenticator;
  contexts?: ContextGate;
  /** The management endpoint that reaches this connection (several runtimes); none in AWS. */
  endpoint?: string;
  now: () => Date;
}

const refused = (status: number, error: { toJSON(): unknown }): WebSocketResult => ({
  statusCode: status,
  body: JSON.stringify({ error: error.toJSON() }),
});

/**
 * Records the connection with its context, the principal's role there and when its token expires
 * (every later frame and push checks that: the gateway authenticates only here).
 */
export const createConnect =
  (deps: ConnectDeps) =>
  async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const context = event.queryStringParameters?.context ?? 'default';
    if (!(await isServedContext(context, deps.contexts))) return refused(404, new UnknownContextError(context));
    let principal = 'anonymous';
    let role: Role = 'admin';
    let tokenExpiresAt: number | undefined;
    if (deps.authenticate) {
      try {
        const granted = await deps.authenticate(event);
        requireRole(granted, context, 'reader');
        principal = granted.subject;
        role = granted.roles.get(context) ?? 'reader';
        tokenExpiresAt = granted.expiresAt;
      } catch (error) {
        if (!isCairnError(error)) throw error;
        return refused(error.status, error);
      }
    }
    await deps.registry.connect({
      connectionId: event.requestContext.connectionId,
      context,
      principal,
      role,
      connectedAt: deps.now().toISOString(),
      expiresAt: deps.liveViews.expiresAt(),
      ...(tokenExpiresAt !== undefined && { tokenExpiresAt }),
      ...(deps.endpoint !== undefined && { endpoint: deps.endpoint }),
    });
    // A client that offered the `cairn` subprotocol (browsers sending their token that way) must
    // get it back, or the browser drops the connection.
    return offeredProtocols(event).includes('cairn')
      ? { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'cairn' } }
      : { statusCode: 200 };
  };
