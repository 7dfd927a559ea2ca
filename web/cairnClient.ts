/**
 * Cairn's browser client: live views over one WebSocket, commands over the same socket, and
 * automatic reconnection that resubscribes from the last version seen (no gap: the server sends
 * the current view if it is newer; no duplicate: frames at or below a version already delivered
 * are dropped). No framework; bundled for the demo by the local runtime.
 */

export interface View<Data = unknown> {
  projection: string;
  key: string;
  version: number;
  data: Data;
}

export interface CommandInput {
  type: string;
  aggregateId: string;
  payload?: unknown;
}

export interface CommandResult {
  status: number;
  commandId?: string;
  aggregateId?: string;
  version?: number;
  events?: { type: string; version: number; data: unknown }[];
  error?: { code: string; message: string; [detail: string]: unknown };
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface CairnClientOptions {
  /** The runtime's HTTP base URL, e.g. `http://localhost:3000` (the socket is `<base>/ws`). */
  baseUrl: string;
  context: string;
  /** Overrides the socket URL (in AWS: the stack's WebSocket URL). */
  socketUrl?: string;
  onState?: (state: ConnectionState) => void;
  /** First reconnection delay; doubles up to 10 s. */
  retryMs?: number;
  /** A bearer token: sent as `Sec-WebSocket-Protocol: cairn, <token>` and as `Authorization` on fetches. */
  token?: string;
}

interface Subscription {
  projection: string;
  key: string;
  version: number;
  listeners: Set<(view: View) => void>;
}

interface Pending {
  resolve: (result: CommandResult) => void;
  reject: (error: Error) => void;
}

const subscriptionId = (projection: string, key: string) => `${projection}/${key}`;

export class CairnClient {
  private socket: WebSocket | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly pending = new Map<string, Pending>();
  private requests = 0;
  private retries = 0;
  private closed = false;

  constructor(private readonly options: CairnClientOptions) {
    this.connect();
  }

  /** Calls `listener` with the view now (if it exists) and on every change; returns the unsubscribe. */
  subscribe<Data = unknown>(projection: string, key: string, listener: (view: View<Data>) => void): () => void {
    const id = subscriptionId(projection, key);
    let subscription = this.subscriptions.get(id);
    if (!subscription) {
      subscription = { projection, key, version: 0, listeners: new Set() };
      this.subscriptions.set(id, subscription);
      this.send({ action: 'subscribe', projection, key });
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

  /** Sends a command over the socket; resolves with the same answer the REST API gives. */
  command(command: CommandInput, options: { expectedVersion?: number; idempotencyKey?: string } = {}) {
    const requestId = `r${++this.requests}`;
    return new Promise<CommandResult>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      if (!this.send({ action: 'command', requestId, command, ...options })) {
        this.pending.delete(requestId);
        reject(new Error('Not connected; the command was not sent'));
      }
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
    this.options.onState?.('closed');
  }

  private connect(): void {
    const base = this.options.socketUrl ?? `${this.options.baseUrl.replace(/^http/, 'ws')}/ws`;
    const url = `${base}?context=${encodeURIComponent(this.options.context)}`;
    const socket = this.options.token ? new WebSocket(url, ['cairn', this.options.token]) : new WebSocket(url);
    this.socket = socket;
    this.options.onState?.(this.retries === 0 ? 'connecting' : 'reconnecting');
    socket.onopen = () => {
      this.retries = 0;
      this.options.onState?.('open');
      // Resubscribe from what each subscriber has already seen.
      for (const { projection, key, version } of this.subscriptions.values()) {
        this.send({ action: 'subscribe', projection, key, ...(version > 0 && { fromVersion: version }) });
      }
    };
    socket.onmessage = (message) => void this.receive(JSON.parse(String(message.data)));
    socket.onclose = () => {
      for (const [requestId, pending] of this.pending) {
        pending.reject(new Error('The connection closed before the answer arrived; send again with an idempotencyKey'));
        this.pending.delete(requestId);
      }
      if (this.closed) return;
      const delay = Math.min(10_000, (this.options.retryMs ?? 250) * 2 ** this.retries++);
      this.options.onState?.('reconnecting');
      setTimeout(() => this.connect(), delay);
    };
  }

  private async receive(frame: { type: string; [field: string]: unknown }): Promise<void> {
    if (frame.type === 'view') this.deliver(frame as unknown as View);
    else if (frame.type === 'viewChanged') {
      // Too large for a frame: fetch it.
      const { projection, key } = frame as unknown as View;
      const url = `${this.options.baseUrl}/v1/${this.options.context}/views/${projection}/${key}`;
      const headers: Record<string, string> = this.options.token
        ? { authorization: `Bearer ${this.options.token}` }
        : {};
      const response = await fetch(url, { headers });
      if (response.ok)
        this.deliver({ projection, key, ...((await response.json()) as { version: number; data: unknown }) });
    } else if (frame.type === 'commandResult' || (frame.type === 'error' && frame.requestId)) {
      const requestId = String(frame.requestId);
      const pending = this.pending.get(requestId);
      this.pending.delete(requestId);
      const { type: _type, requestId: _id, ...rest } = frame;
      if (frame.type === 'commandResult') pending?.resolve(rest as unknown as CommandResult);
      else pending?.resolve({ status: 400, error: rest as unknown as CommandResult['error'] });
    }
  }

  private deliver(view: View): void {
    const subscription = this.subscriptions.get(subscriptionId(view.projection, view.key));
    if (!subscription || view.version <= subscription.version) return; // seen already
    subscription.version = view.version;
    for (const listener of subscription.listeners) listener(view);
  }

  private send(frame: unknown): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }
}
