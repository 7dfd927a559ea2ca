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
  /** The principal's role in this connection's context, fixed at connect. */
  role?: 'reader' | 'writer' | 'admin';
  connectedAt: string;
  /** Epoch seconds: stale records vanish by TTL even if a disconnect never arrived. */
  expiresAt: number;
}

export interface Subscription {
  connectionId: string;
  context: string;
  projection: string;
  key: string;
}

export interface ConnectionRegistry {
  connect(connection: Connection): Promise<void>;
  get(connectionId: string): Promise<Connection | undefined>;
  /** Removes the connection and every subscription it has; idempotent. */
  disconnect(connectionId: string): Promise<void>;
  subscribe(subscription: Subscription, expiresAt: number): Promise<void>;
  unsubscribe(subscription: Subscription): Promise<void>;
  /** Every connection subscribed to one view. */
  subscribers(context: string, projection: string, key: string): Promise<string[]>;
}

/** The pusher: delivers a frame to one connection through the WebSocket management API. */
export interface Pusher {
  /** 'gone' when the connection no longer exists (API Gateway's 410). */
  push(connectionId: string, payload: string): Promise<'sent' | 'gone'>;
}
