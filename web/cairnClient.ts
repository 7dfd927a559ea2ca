/**
 * Cairn's browser client: live views and collections over one WebSocket, commands over it, and
 * reconnection that resubscribes from the last version seen (no gap, no duplicate). A renewable
 * token is renewed on the open socket before it expires. No framework; bundled for the demo.
 */
import type { CairnClientOptions, CommandInput, Subscription, View } from './clientTypes';
import { resubscribeFrames, subscriptionId } from './clientTypes';
import { type CollectionSubscribed, collectionSubscribed } from './collectionSync';
import { Collections, type MemberListener } from './collections';
import { PendingCommands } from './pendingCommands';
import { afterClose } from './reconnectPolicy';
import { TokenKeeper } from './tokenKeeper';
import { fetchView, listViews, viewOfFrame } from './viewFrames';

export type { CairnClientOptions, CommandInput, CommandResult, ConnectionState, View } from './clientTypes';
export { type TokenSource, tokenExpiry } from './tokenKeeper';

/** Typed by the application's `CairnClient<SampleCommand, SampleViews>`: a command's type fixes its payload, a projection its view. */

export class CairnClient<
  Commands extends CommandInput = CommandInput,
  Views extends Record<string, unknown> = Record<string, unknown>,
> {
  private socket: WebSocket | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly collections = new Collections();
  private readonly pending = new PendingCommands();
  private retries = 0;
  private closed = false;
  private readonly tokens: TokenKeeper;
  private renewal: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  /** Why the server ended the connection, from its last error frame (TOKEN_EXPIRED, UNKNOWN_CONTEXT). */
  private endedBy: string | undefined;

  constructor(private readonly options: CairnClientOptions) {
    this.tokens = new TokenKeeper(options.token, options.renewBeforeMs ?? 60_000);
    void this.connect();
  }

  /** Calls `listener` with the view now (if it exists) and on every change; returns the unsubscribe. */
  subscribe<P extends keyof Views & string>(
    projection: P,
    key: string,
    listener: (view: View<Views[P]>) => void,
  ): () => void {
    const id = subscriptionId(projection, key);
    let subscription = this.subscriptions.get(id);
    if (!subscription) {
      subscription = { projection, key, version: 0, listeners: new Set() };
      this.subscriptions.set(id, subscription);
      this.send({ action: 'subscribe', projection, key, patches: true });
    }
    const typed = listener as (view: View) => void;
    subscription.listeners.add(typed);
    return () => {
      subscription?.listeners.delete(typed);
      if (subscription?.listeners.size === 0) {
        this.subscriptions.delete(id);
        this.send({ action: 'unsubscribe', projection, key });
      }
    };
  }

  /** Follows a collection (all views, or with `filter` "field:value" those with it): each member now and on change. */
  subscribeCollection<P extends keyof Views & string>(
    projection: P,
    listener: (view: View<Views[P]>, removed?: boolean) => void,
    filter?: string,
  ): () => void {
    const typed = listener as MemberListener;
    if (this.collections.add(projection, filter, typed)) {
      this.send({ action: 'subscribe', projection, patches: true, ...(filter && { filter }) });
    }
    return () => {
      if (this.collections.remove(projection, filter, typed)) {
        this.send({ action: 'unsubscribe', projection, ...(filter && { filter }) });
      }
    };
  }

  /** Sends a command over the socket; resolves with the same answer the REST API gives. */
  command(command: Commands, options: { expectedVersion?: number; idempotencyKey?: string } = {}) {
    return this.pending.send((requestId) => this.send({ action: 'command', requestId, command, ...options }));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.renewal);
    clearInterval(this.heartbeat);
    this.socket?.close();
    this.options.onState?.('closed');
  }

  private async connect(): Promise<void> {
    this.options.onState?.(this.socket ? 'reconnecting' : 'connecting');
    let token: string | undefined;
    try {
      token = await this.tokens.forConnect(this.endedBy === 'TOKEN_EXPIRED');
    } catch {
      // The token provider failed: try again later, as after a dropped connection.
      return this.reconnectLater();
    }
    this.endedBy = undefined;
    if (this.closed) return;
    const base = this.options.socketUrl ?? `${this.options.baseUrl.replace(/^http/, 'ws')}/ws`;
    const url = `${base}?context=${encodeURIComponent(this.options.context)}`;
    const socket = token ? new WebSocket(url, ['cairn', token]) : new WebSocket(url);
    this.socket = socket;
    let openedAt: number | undefined;
    socket.onopen = () => {
      openedAt = Date.now();
      this.retries = 0;
      this.options.onState?.('open');
      this.scheduleRenewal();
      clearInterval(this.heartbeat);
      this.heartbeat = setInterval(() => this.send({ action: 'ping' }), this.options.heartbeatMs ?? 5 * 60_000);
      // Resubscribe: the collections, and each view from the version its subscribers have seen.
      for (const frame of this.collections.subscribeFrames()) this.send(frame);
      for (const frame of resubscribeFrames(this.subscriptions.values())) this.send(frame);
    };
    socket.onmessage = (message) => void this.receive(JSON.parse(String(message.data)));
    // A failed connect or a broken socket is followed by `close`, which decides what comes next.
    socket.onerror = () => {};
    socket.onclose = ({ code }) => {
      this.pending.rejectAll();
      clearTimeout(this.renewal);
      clearInterval(this.heartbeat);
      if (this.closed) return;
      const openForMs = openedAt === undefined ? undefined : Date.now() - openedAt;
      const next = afterClose({ code, openForMs, endedBy: this.endedBy, renewable: this.tokens.renewable });
      if (next === 'end') this.close();
      else if (next === 'reconnect-now') void this.connect();
      else this.reconnectLater();
    };
  }

  private reconnectLater(): void {
    const delay = Math.min(10_000, (this.options.retryMs ?? 250) * 2 ** this.retries++);
    this.options.onState?.('reconnecting');
    setTimeout(() => void this.connect(), delay);
  }

  /** Sends a fresh token on the open socket before the current one expires; the answer schedules the next. */
  private scheduleRenewal(): void {
    clearTimeout(this.renewal);
    const delay = this.tokens.renewalDelay();
    if (delay === undefined) return;
    this.renewal = setTimeout(async () => {
      try {
        const token = await this.tokens.refresh();
        if (token) this.send({ action: 'authenticate', token });
      } catch {
        // No fresh token now: the server closes the socket at expiry, and the reconnect asks again.
      }
    }, delay);
  }

  private async receive(frame: { type: string; [field: string]: unknown }): Promise<void> {
    if (typeof frame.updatedAt === 'string') this.collections.advance(String(frame.projection), frame.updatedAt);
    if (frame.type === 'view') this.deliver(frame as unknown as View);
    else if (frame.type === 'viewPatch' || frame.type === 'viewChanged') {
      // A patch applies to the view held at its base; on a gap, and when too large for a frame, fetch.
      const [projection, key] = [String(frame.projection), String(frame.key)];
      const held = this.subscriptions.get(subscriptionId(projection, key)) ?? this.collections.held(projection, key);
      const at = { ...this.options, token: this.tokens.current };
      const view = await viewOfFrame(frame, held, (projection, key) => fetchView(at, projection, key));
      if (view) this.deliver(view);
    } else if (frame.type === 'commandResult' || (frame.type === 'error' && frame.requestId)) {
      this.pending.settle(frame);
    } else if (frame.type === 'subscribed' && frame.collection === true) {
      const at = { ...this.options, token: this.tokens.current };
      await collectionSubscribed(frame as unknown as CollectionSubscribed, this.collections, {
        list: (collection, deliver) => listViews(at, collection, deliver),
        deliver: (view) => this.deliver(view),
      });
    } else if (frame.type === 'memberRemoved') {
      this.collections.removed(frame as unknown as Parameters<Collections['removed']>[0]);
    } else if (frame.type === 'authenticated') this.scheduleRenewal();
    else if (frame.type === 'error' && (frame.code === 'TOKEN_EXPIRED' || frame.code === 'UNKNOWN_CONTEXT')) {
      // Sent just before the server closes the socket: the close handler acts on it.
      this.endedBy = frame.code;
    }
  }

  private deliver(view: View): void {
    this.collections.deliver(view);
    const subscription = this.subscriptions.get(subscriptionId(view.projection, view.key));
    if (!subscription || view.version <= subscription.version) return; // seen already
    subscription.version = view.version;
    subscription.data = view.data;
    for (const listener of subscription.listeners) listener(view);
  }

  private send(frame: unknown): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }
}
