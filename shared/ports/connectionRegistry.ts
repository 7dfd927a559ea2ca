/**
 * The connection registry: WebSocket connections and what each subscribed to, shared by every
 * function instance (DynamoDB in AWS), so that whichever instance handles a change can find every
 * connection subscribed to the changed view with one query, and push to it.
 */
export interface Connection {
  connectionId: string;
  context: string;
  /** Who connected: the token's subject ('anonymous' with auth off). */
  principal: string;
  /** The principal's role in this connection's context, from its token (at connect, or a later `authenticate`). */
  role?: 'reader' | 'writer' | 'admin';
  connectedAt: string;
  /** Epoch seconds: stale records vanish by TTL even if a disconnect never arrived. */
  expiresAt: number;
  /**
   * When the connection's token stops being valid (epoch seconds, its `exp`): every frame and
   * every push checks it. None with auth off.
   */
  tokenExpiresAt?: number;
  /**
   * The management endpoint that can reach this connection: the runtime that accepted its socket
   * (several local runtimes, one system). None in AWS, where API Gateway's one endpoint reaches all.
   */
  endpoint?: string;
}

export interface Subscription {
  connectionId: string;
  context: string;
  projection: string;
  key: string;
  /**
   * The connection's token expiry, kept with the subscription so that a push learns it from the
   * subscribers query it makes anyway, with no read per subscriber.
   */
  tokenExpiresAt?: number;
  /** The client applies JSON Patch frames (`viewPatch`): it asked for them when it subscribed. */
  patches?: boolean;
  /** The connection's endpoint, kept with the subscription so that a push reads no connection. */
  endpoint?: string;
}

/** A connection subscribed to a view, as a push finds it. */
export interface Subscriber {
  connectionId: string;
  /** The token expiry stored with the subscription (see `renewToken`). */
  tokenExpiresAt?: number;
  /** Stored with the subscription: this subscriber may be pushed patches. */
  patches?: boolean;
  /** Where a push to it goes (see `Connection.endpoint`). */
  endpoint?: string;
}

/** What a fresh token on an open connection grants it. */
export interface TokenRenewal {
  role: 'reader' | 'writer' | 'admin';
  tokenExpiresAt?: number;
}

export interface ConnectionRegistry {
  connect(connection: Connection): Promise<void>;
  get(connectionId: string): Promise<Connection | undefined>;
  /** Removes the connection and every subscription it has; idempotent. */
  disconnect(connectionId: string): Promise<void>;
  subscribe(subscription: Subscription, expiresAt: number): Promise<void>;
  unsubscribe(subscription: Subscription): Promise<void>;
  /** The connections recorded with an endpoint (one runtime's): what is pruned once it is gone. */
  connectionsAt(endpoint: string): AsyncIterable<string>;
  /** Every connection subscribed to one view, with the token expiry stored with its subscription. */
  subscribers(context: string, projection: string, key: string): Promise<Subscriber[]>;
  /**
   * A fresh token on an open connection: its role and token expiry, on the connection first and
   * then on each of its subscriptions. Creates nothing for a connection that is not registered.
   */
  renewToken(connectionId: string, renewal: TokenRenewal): Promise<void>;
}

/**
 * What became of one push: 'gone' when the connection no longer exists (API Gateway's 410);
 * 'full' when the client does not read what it is sent (429 LimitExceededException: its buffer is
 * full), so it is closed and resumes from the version it saw once it reconnects.
 */
export type PushOutcome = 'sent' | 'gone' | 'full';

/** The pusher: delivers a frame to one connection through the WebSocket management API. */
export interface Pusher {
  /** `endpoint`: the connection's (see `Connection.endpoint`); without it, the pusher's own. */
  push(connectionId: string, payload: string, endpoint?: string): Promise<PushOutcome>;
  /** Closes the connection (the management API's `DeleteConnection`); a gone connection is closed already. */
  close(connectionId: string, endpoint?: string): Promise<void>;
}
