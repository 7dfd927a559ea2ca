import type { Connection, ConnectionRegistry, Subscriber, Subscription, TokenRenewal } from '#ports/connectionRegistry';

const viewKey = (context: string, projection: string, key: string) => `${context}\u0000${projection}\u0000${key}`;

/**
 * Connections and subscriptions in memory: the sockets live in this process, so their records
 * need not outlive it (after a restart every client reconnects and subscribes again).
 */
export class EmbeddedConnectionRegistry implements ConnectionRegistry {
  private readonly connections = new Map<string, Connection>();
  /** view → connection id → subscriber. */
  private readonly byView = new Map<string, Map<string, Subscriber>>();
  /** connection id → views. */
  private readonly byConnection = new Map<string, Set<string>>();

  async connect(connection: Connection): Promise<void> {
    this.connections.set(connection.connectionId, { ...connection });
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const connection = this.connections.get(connectionId);
    return connection && { ...connection };
  }

  async disconnect(connectionId: string): Promise<void> {
    this.connections.delete(connectionId);
    for (const view of this.byConnection.get(connectionId) ?? []) this.byView.get(view)?.delete(connectionId);
    this.byConnection.delete(connectionId);
  }

  async subscribe(subscription: Subscription, _expiresAt?: number): Promise<void> {
    const { connectionId, tokenExpiresAt, patches, endpoint } = subscription;
    if (!this.connections.has(connectionId)) return;
    const view = viewKey(subscription.context, subscription.projection, subscription.key);
    const subscribers = this.byView.get(view) ?? new Map<string, Subscriber>();
    subscribers.set(connectionId, {
      connectionId,
      ...(tokenExpiresAt !== undefined && { tokenExpiresAt }),
      ...(patches === true && { patches }),
      ...(endpoint !== undefined && { endpoint }),
    });
    this.byView.set(view, subscribers);
    this.byConnection.set(connectionId, (this.byConnection.get(connectionId) ?? new Set()).add(view));
  }

  async unsubscribe(subscription: Subscription): Promise<void> {
    const view = viewKey(subscription.context, subscription.projection, subscription.key);
    this.byView.get(view)?.delete(subscription.connectionId);
    this.byConnection.get(subscription.connectionId)?.delete(view);
  }

  async *connectionsAt(endpoint: string): AsyncIterable<string> {
    const ids = [...this.connections.values()].filter((connection) => connection.endpoint === endpoint);
    for (const { connectionId } of ids) yield connectionId;
  }

  async subscribers(context: string, projection: string, key: string): Promise<Subscriber[]> {
    return [...(this.byView.get(viewKey(context, projection, key))?.values() ?? [])].map((subscriber) => ({
      ...subscriber,
    }));
  }

  async renewToken(connectionId: string, renewal: TokenRenewal): Promise<void> {
    const connection = this.connections.get(connectionId);
    if (!connection) return;
    const { tokenExpiresAt } = renewal;
    const { tokenExpiresAt: _previous, ...rest } = connection;
    this.connections.set(connectionId, {
      ...rest,
      role: renewal.role,
      ...(tokenExpiresAt !== undefined && { tokenExpiresAt }),
    });
    for (const view of this.byConnection.get(connectionId) ?? []) {
      const subscribers = this.byView.get(view);
      const { tokenExpiresAt: _old, ...kept } = subscribers?.get(connectionId) ?? { connectionId };
      // Only the expiry changes: what the subscription asked for (patches) stays.
      subscribers?.set(connectionId, { ...kept, ...(tokenExpiresAt !== undefined && { tokenExpiresAt }) });
    }
  }

  get size(): number {
    return this.connections.size;
  }
}
