/**
 * The live tail of a context's events, for operators (the console): a WebSocket connection sends
 * `tail` and is pushed every event of its context as the projection worker takes it off the queue.
 *
 * Why this path: the event store has no global order to poll (a commit is one item of its own
 * stream; DynamoDB would need a scan or a hot index), while the projection worker already sees
 * every event, in order per aggregate, and already pushes through the management API, in AWS and
 * locally alike. The subscription is a record in the connection registry like a view's (the
 * pseudo-view `_events/_all`), so any instance finds it.
 *
 * Cost and bounds: the worker asks the registry for a context's tailing connections at most once
 * per `cacheMs` (one query per second per context per worker instance, not one per event); the
 * cache holds at most MAX_CACHED contexts. A tail subscriber may so miss the events of its first
 * second: the tail is a live view of what happens, the stream's events are read back over REST.
 * A frame carries the event's data up to the push frame limit, and goes without it beyond. What a
 * slow reader is sent is bounded where every push is (the gateway's buffer: closed when full).
 * A tail is best-effort: a failed push is logged, and never fails the event it shows.
 */
import { TokenExpiredError } from '#core/errors';
import type { Connection, ConnectionRegistry, Pusher, Subscriber } from '#ports/connectionRegistry';
import { closeUnread, refuseConnection, tokenHasExpired } from './connectionChecks';
import type { EventMessage } from './eventMessage';
import { byteLength, LIMITS } from './limits';

export const TAIL_VIEW = { projection: '_events', key: '_all' } as const;
const MAX_CACHED = 256;

export interface EventTailDeps {
  registry: ConnectionRegistry;
  pusher: Pusher;
  cacheMs?: number;
  ttlSeconds?: number;
  now?: () => Date;
  log?: (error: unknown) => void;
}

/** The frame a tailing connection is pushed for one event. */
export const eventFrameOf = (message: EventMessage, maxBytes: number = LIMITS.pushFrameBytes) => {
  const { streamKey, context, aggregateType, aggregateId, type, version, committedAt } = message;
  const frame = {
    type: 'event',
    context,
    streamKey,
    aggregateType,
    aggregateId,
    eventType: type,
    version,
    schemaVersion: message.schemaVersion ?? 1,
    committedAt,
  };
  const whole = { ...frame, data: message.data };
  return message.dataOmitted || byteLength(whole) > maxBytes ? { ...frame, dataOmitted: true } : whole;
};

export class EventTail {
  private readonly cache = new Map<string, { subscribers: Promise<Subscriber[]>; at: number }>();

  constructor(private readonly deps: EventTailDeps) {}

  async tail(connection: Connection): Promise<void> {
    const { connectionId, context, tokenExpiresAt, endpoint } = connection;
    const now = (this.deps.now?.() ?? new Date()).getTime();
    const expiresAt = Math.floor(now / 1000) + (this.deps.ttlSeconds ?? 24 * 3600);
    await this.deps.registry.subscribe(
      {
        connectionId,
        context,
        ...TAIL_VIEW,
        ...(tokenExpiresAt !== undefined && { tokenExpiresAt }),
        ...(endpoint !== undefined && { endpoint }),
      },
      expiresAt,
    );
    this.cache.delete(context);
  }

  async untail(connection: Connection): Promise<void> {
    await this.deps.registry.unsubscribe({
      connectionId: connection.connectionId,
      context: connection.context,
      ...TAIL_VIEW,
    });
    this.cache.delete(connection.context);
  }

  /** Pushes the event to its context's tailing connections; never throws. */
  async push(message: EventMessage): Promise<void> {
    try {
      const subscribers = await this.subscribersOf(message.context);
      if (subscribers.length === 0) return;
      const payload = JSON.stringify(eventFrameOf(message));
      const now = this.deps.now?.() ?? new Date();
      await Promise.all(subscribers.map((subscriber) => this.pushTo(subscriber, payload, now)));
    } catch (error) {
      this.deps.log?.(error);
    }
  }

  private subscribersOf(context: string): Promise<Subscriber[]> {
    const now = Date.now();
    const cached = this.cache.get(context);
    if (cached && now - cached.at < (this.deps.cacheMs ?? 1000)) return cached.subscribers;
    const subscribers = this.deps.registry.subscribers(context, TAIL_VIEW.projection, TAIL_VIEW.key);
    this.cache.delete(context);
    // A Map keeps insertion order: the first entry is the one asked for longest ago.
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value ?? '');
    this.cache.set(context, { subscribers, at: now });
    subscribers.catch(() => this.cache.delete(context));
    return subscribers;
  }

  private async pushTo(subscriber: Subscriber, payload: string, now: Date): Promise<void> {
    const { connectionId, endpoint } = subscriber;
    try {
      if (tokenHasExpired(subscriber.tokenExpiresAt, now)) {
        const connection = await this.deps.registry.get(connectionId);
        if (!connection || tokenHasExpired(connection.tokenExpiresAt, now)) {
          this.cache.clear();
          await refuseConnection(
            this.deps,
            connectionId,
            new TokenExpiredError(subscriber.tokenExpiresAt ?? 0),
            endpoint,
          );
          return;
        }
      }
      const outcome = await this.deps.pusher.push(connectionId, payload, endpoint);
      if (outcome === 'gone') await this.deps.registry.disconnect(connectionId);
      else if (outcome === 'full') await closeUnread(this.deps, connectionId, endpoint);
      if (outcome !== 'sent') this.cache.clear();
    } catch (error) {
      this.deps.log?.(error);
    }
  }
}
