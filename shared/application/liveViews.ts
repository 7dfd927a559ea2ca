import { type CairnError, TokenExpiredError, UnknownContextError, ValidationError } from '#core/errors';
import { ID_PATTERN } from '#core/ids';
import type { ProjectionRegistry } from '#core/projection';
import type { Connection, ConnectionRegistry, Pusher, Subscriber } from '#ports/connectionRegistry';
import type { ContextGate } from '#ports/contextGate';
import type { ReadModelStore } from '#ports/readModelStore';
import { mapBounded } from './boundedConcurrency';
import { closeUnread, refuseConnection, tokenHasExpired } from './connectionChecks';
import { isServedContext } from './contextGates';
import { LIMITS } from './limits';
import { recipientsOf, subscribeCollection, unsubscribeCollection } from './liveCollections';
import type { ViewChange } from './projectionService';
import { pushPayloadsOf, type ViewChangedFrame, type ViewFrame, wholeFrameOf } from './pushFrames';

export type { PushFrame, ViewChangedFrame, ViewFrame, ViewPatchFrame } from './pushFrames';

/** A view frame larger than this is pushed as "changed, fetch it" (the limit and its reason are in limits.ts). */
export const MAX_PUSH_BYTES = LIMITS.pushFrameBytes;

export interface PushTotals {
  connections: number;
  sent: number;
  gone: number;
  failed: number;
  /** Told TOKEN_EXPIRED or UNKNOWN_CONTEXT and closed instead of pushed to. */
  closed: number;
  /** Not reading what they are sent (their buffer full): closed, to resume once they reconnect. */
  unread: number;
}

export interface LiveViewsDeps {
  registry: ConnectionRegistry;
  pusher: Pusher;
  views: ReadModelStore;
  projections: ProjectionRegistry;
  readTarget?: (context: string, projection: string) => Promise<string>;
  /** The live contexts (the catalog's set locally, the deployment's in AWS); without it, every well-formed one. */
  contexts?: ContextGate;
  maxFrameBytes?: number;
  /** Pushes in flight at once, per change. */
  concurrency?: number;
  /** How long subscriptions live without being renewed (seconds); connections are renewed on use. */
  ttlSeconds?: number;
  now?: () => Date;
  log?: (error: unknown) => void;
  /** A push to a connection held at another endpoint failed: its runtime may be gone (goneRuntimes.ts). */
  onUnreachable?: (endpoint: string) => void;
}

/**
 * Live views over WebSockets: subscriptions in the shared registry, so that the projection worker
 * of any instance pushes a changed view to every connection subscribed to it. A subscription is
 * stored before the current view is read, so no change falls between the two; the client drops a
 * frame whose version it has already seen (the browser client does).
 */
export class LiveViews {
  constructor(private readonly deps: LiveViewsDeps) {}

  /** A collection's subscription and its first page (liveCollections.ts). */
  subscribeCollection(
    connection: Connection,
    request: { projection: string; filter?: string; patches?: boolean; since?: string },
  ) {
    return subscribeCollection(this.deps, connection, request, {
      frameOf: (change) => this.frameOf(change),
      expiresAt: this.expiresAt(),
      now: this.deps.now?.() ?? new Date(),
    });
  }

  unsubscribeCollection(connection: Connection, request: { projection: string; filter?: string }) {
    return unsubscribeCollection(this.deps, connection, request);
  }

  /** Registers the subscription and returns the frame to send now (none if `fromVersion` is current). */
  async subscribe(
    connection: Connection,
    request: { projection: string; key: string; fromVersion?: number; patches?: boolean },
  ): Promise<ViewFrame | ViewChangedFrame | undefined> {
    this.check(request.projection, request.key);
    const { connectionId, context, tokenExpiresAt, endpoint } = connection;
    // The token's expiry and the endpoint travel with the subscription: a push reads them with the subscribers.
    const carried = {
      ...(tokenExpiresAt !== undefined && { tokenExpiresAt }),
      ...(endpoint !== undefined && { endpoint }),
    };
    await this.deps.registry.subscribe({ connectionId, context, ...request, ...carried }, this.expiresAt());
    const target = (await this.deps.readTarget?.(connection.context, request.projection)) ?? request.projection;
    const view = await this.deps.views.get(connection.context, target, request.key);
    if (!view || view.version <= (request.fromVersion ?? -1)) return undefined;
    const { version, data, updatedAt } = view;
    return this.frameOf({ projection: request.projection, key: request.key, version, data, updatedAt });
  }

  async unsubscribe(connection: Connection, request: { projection: string; key: string }): Promise<void> {
    this.check(request.projection, request.key);
    await this.deps.registry.unsubscribe({
      connectionId: connection.connectionId,
      context: connection.context,
      ...request,
    });
  }

  /**
   * Pushes each changed view to its subscribers, concurrently and bounded; prunes gone connections.
   * A subscriber whose token has expired, or whose context was retired, gets the error frame
   * instead and is closed: a socket is served no longer than REST would serve its token.
   */
  async pushChanges(changes: readonly ViewChange[]): Promise<PushTotals> {
    const totals: PushTotals = { connections: 0, sent: 0, gone: 0, failed: 0, closed: 0, unread: 0 };
    const seen = new Set<string>();
    for (const change of changes) {
      // During a rebuild one event changes two generations of a view: push it once.
      const id = `${change.context}\u0000${change.projection}\u0000${change.key}\u0000${change.version}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const { members: subscribers, leaving } = await recipientsOf(
        this.deps.registry,
        this.deps.projections.byName(change.projection),
        change,
      );
      if (subscribers.length === 0 && leaving.length === 0) continue;
      // Serialized (and the patch computed) once per change, whatever the number of subscribers.
      const withPatch = subscribers.some((subscriber) => subscriber.patches === true);
      const payloads = pushPayloadsOf(change, this.deps.maxFrameBytes ?? MAX_PUSH_BYTES, withPatch);
      totals.connections += subscribers.length + leaving.length;
      const retired = (await isServedContext(change.context, this.deps.contexts))
        ? undefined
        : new UnknownContextError(change.context);
      const now = this.deps.now?.() ?? new Date();
      await mapBounded(subscribers, this.deps.concurrency ?? 50, (subscriber) =>
        this.pushTo(subscriber, subscriber.patches ? payloads.patched : payloads.whole, { retired, now }, totals),
      );
      await mapBounded(leaving, this.deps.concurrency ?? 50, ({ subscriber, frame }) =>
        this.pushTo(subscriber, JSON.stringify(frame), { retired, now }, totals),
      );
    }
    return totals;
  }

  frameOf(change: Omit<ViewChange, 'context'>): ViewFrame | ViewChangedFrame {
    return wholeFrameOf(change, this.deps.maxFrameBytes ?? MAX_PUSH_BYTES);
  }

  expiresAt(): number {
    const now = (this.deps.now?.() ?? new Date()).getTime();
    return Math.floor(now / 1000) + (this.deps.ttlSeconds ?? 24 * 3600);
  }

  private async pushTo(
    subscriber: Subscriber,
    payload: string,
    at: { retired?: CairnError; now: Date },
    totals: PushTotals,
  ): Promise<void> {
    const { connectionId, endpoint } = subscriber;
    try {
      const refusal = at.retired ?? (await this.expiredToken(subscriber, at.now));
      if (refusal) {
        totals.closed += 1;
        await refuseConnection(this.deps, connectionId, refusal, endpoint);
        return;
      }
      // The owner's answer: 'gone' comes from the endpoint that holds the connection, not another.
      const outcome = await this.deps.pusher.push(connectionId, payload, endpoint);
      if (outcome === 'gone') {
        totals.gone += 1;
        await this.deps.registry.disconnect(connectionId);
      } else if (outcome === 'full') {
        totals.unread += 1;
        await closeUnread(this.deps, connectionId, endpoint);
      } else totals.sent += 1;
    } catch (error) {
      // One unreachable connection must not stop the others, nor fail the event (its view is stored).
      totals.failed += 1;
      this.deps.log?.(error);
      if (endpoint !== undefined) this.deps.onUnreachable?.(endpoint);
    }
  }

  /**
   * TOKEN_EXPIRED if the subscriber's token has expired. Only then is the connection read (one
   * read, for a connection about to be closed anyway): a fresh token (`authenticate`) may have
   * renewed it after the expiry stored with this subscription was read.
   */
  private async expiredToken(subscriber: Subscriber, now: Date): Promise<CairnError | undefined> {
    if (!tokenHasExpired(subscriber.tokenExpiresAt, now)) return undefined;
    const connection = await this.deps.registry.get(subscriber.connectionId);
    if (connection && !tokenHasExpired(connection.tokenExpiresAt, now)) return undefined;
    return new TokenExpiredError(connection?.tokenExpiresAt ?? subscriber.tokenExpiresAt ?? 0);
  }

  private check(projection: string, key: string): void {
    this.deps.projections.require(projection);
    if (!ID_PATTERN.test(key)) {
      throw new ValidationError('Invalid view key', [{ path: 'key', message: 'invalid characters or length' }]);
    }
  }
}
