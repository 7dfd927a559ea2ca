/** What each client frame does, for a connection that passed the per-frame checks. */
import { ForbiddenError, type Principal, requireRole, type TokenVerifier } from '#application/access';
import type { CommandService } from '#application/commandService';
import type { EventTail } from '#application/eventTail';
import type { LiveViews } from '#application/liveViews';
import type { ClientFrame } from '#application/socketFrames';
import { isCairnError, ValidationError } from '#core/errors';
import type { Connection, ConnectionRegistry } from '#ports/connectionRegistry';

export interface FrameActionDeps {
  registry: ConnectionRegistry;
  liveViews: LiveViews;
  commands: CommandService;
  /** The live tail of a context's events (`tail`, `untail`). */
  tail: EventTail;
  /** Verifies the token of an `authenticate` frame; without it, auth is off. */
  verify?: TokenVerifier;
  newId: () => string;
  now: () => Date;
}

type Frame<Action extends ClientFrame['action']> = Extract<ClientFrame, { action: Action }>;

/** The role a connection holds (from its token), as a principal for the role checks. */
const asPrincipal = (connection: Connection): Principal => ({
  subject: connection.principal,
  roles: new Map([[connection.context, connection.role ?? 'reader']]),
});

/** Each action → the frames to answer with, in order. */
export const createFrameActions = (deps: FrameActionDeps) => {
  const command = async (connection: Connection, frame: Frame<'command'>) => {
    requireRole(asPrincipal(connection), connection.context, 'writer');
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
      return [{ type: 'commandResult', requestId: frame.requestId, status: 200, ...outcome.result }];
    } catch (error) {
      if (!isCairnError(error)) throw error;
      return [{ type: 'commandResult', requestId: frame.requestId, status: error.status, error: error.toJSON() }];
    }
  };

  const subscribe = async (connection: Connection, frame: Frame<'subscribe'>) => {
    requireRole(asPrincipal(connection), connection.context, 'reader');
    const { projection, key, filter, fromVersion, patches, since } = oneViewOrCollection(frame);
    const options = { ...(patches !== undefined && { patches }) };
    if (key === undefined) {
      const request = { projection, filter, ...options, ...(since !== undefined && { since }) };
      const { frames, ...answer } = await deps.liveViews.subscribeCollection(connection, request);
      return [{ type: 'subscribed', projection, collection: true, ...(filter && { filter }), ...answer }, ...frames];
    }
    const view = await deps.liveViews.subscribe(connection, {
      projection,
      key,
      ...(fromVersion !== undefined && { fromVersion }),
      ...options,
    });
    return [{ type: 'subscribed', projection, key }, ...(view ? [view] : [])];
  };

  const unsubscribe = async (connection: Connection, frame: Frame<'unsubscribe'>) => {
    const { projection, key, filter } = oneViewOrCollection(frame);
    if (key === undefined) {
      await deps.liveViews.unsubscribeCollection(connection, { projection, filter });
      return [{ type: 'unsubscribed', projection, collection: true, ...(filter && { filter }) }];
    }
    await deps.liveViews.unsubscribe(connection, { projection, key });
    return [{ type: 'unsubscribed', projection, key }];
  };

  /**
   * A fresh token for the same subject, granting at least reader in the connection's context:
   * the connection takes its role and expiry (and so do its subscriptions, which pushes read). A
   * token that fails any of that is refused (UNAUTHENTICATED, FORBIDDEN) and changes nothing.
   */
  const authenticate = async (connection: Connection, frame: Frame<'authenticate'>) => {
    // Auth off: no token expires, there is nothing to renew.
    if (!deps.verify) return [{ type: 'authenticated' }];
    const principal = await deps.verify(frame.token);
    if (principal.subject !== connection.principal) {
      throw new ForbiddenError(
        `This connection is '${connection.principal}''s; connect again to act as '${principal.subject}'`,
      );
    }
    requireRole(principal, connection.context, 'reader');
    const { expiresAt } = principal;
    await deps.registry.renewToken(connection.connectionId, {
      role: principal.roles.get(connection.context) ?? 'reader',
      ...(expiresAt !== undefined && { tokenExpiresAt: expiresAt }),
    });
    return [{ type: 'authenticated', ...(expiresAt !== undefined && { expiresAt }) }];
  };

  return async (connection: Connection, frame: ClientFrame): Promise<unknown[]> => {
    switch (frame.action) {
      case 'ping':
        return [{ type: 'pong' }];
      case 'subscribe':
        return subscribe(connection, frame);
      case 'unsubscribe':
        return unsubscribe(connection, frame);
      case 'command':
        return command(connection, frame);
      case 'authenticate':
        return authenticate(connection, frame);
      case 'tail':
        requireRole(asPrincipal(connection), connection.context, 'reader');
        await deps.tail.tail(connection);
        return [{ type: 'tailing', context: connection.context }];
      case 'untail':
        await deps.tail.untail(connection);
        return [{ type: 'untailed', context: connection.context }];
      default: {
        const unreachable: never = frame;
        throw new Error(`Unhandled frame ${JSON.stringify(unreachable)}`);
      }
    }
  };
};

/** A frame names one view (`key`) or a collection (`filter` or nothing), never both. */
const oneViewOrCollection = <
  F extends { projection: string; key?: string; filter?: string; fromVersion?: number; since?: string },
>(
  frame: F,
): F => {
  if (frame.key !== undefined && frame.filter !== undefined) {
    throw new ValidationError('A subscription is to one view (key) or to a collection (filter), not both', [
      { path: 'filter', message: 'give key or filter' },
    ]);
  }
  // A view resumes from its version, a collection from a time: each takes only its own.
  if (frame.key !== undefined && frame.since !== undefined) {
    throw new ValidationError('since resumes a collection; a view resumes from fromVersion', [
      { path: 'since', message: 'only without key' },
    ]);
  }
  if (frame.key === undefined && frame.fromVersion !== undefined) {
    throw new ValidationError('fromVersion resumes one view; a collection resumes from since', [
      { path: 'fromVersion', message: 'only with key' },
    ]);
  }
  return frame;
};
