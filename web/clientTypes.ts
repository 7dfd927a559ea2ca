/** The shapes of the browser client's API: its options, views, commands and their answers. */
import type { TokenSource } from './tokenKeeper';

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
  /** As committed: `schemaVersion` is the version of the shape `data` was written in. */
  events?: { type: string; version: number; schemaVersion?: number; data: unknown }[];
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
  /**
   * A bearer token, sent as `Sec-WebSocket-Protocol: cairn, <token>` and as `Authorization` on
   * fetches; or a function that gets a fresh one, called to connect, before the current token
   * expires (the fresh one is sent on the open socket) and after the server closed the socket
   * with TOKEN_EXPIRED. A fixed token that expires ends the client (state `closed`).
   */
  token?: TokenSource;
  /** How long before its expiry a token from a function is renewed; a minute by default. */
  renewBeforeMs?: number;
  /**
   * How often an open socket sends a ping: API Gateway closes a connection that sent nothing for
   * 10 minutes (pushes to it do not count). Five minutes by default.
   */
  heartbeatMs?: number;
}

/** What the client holds per subscribed view: its listeners and the last version (and data) delivered. */
export interface Subscription {
  projection: string;
  key: string;
  version: number;
  /** The view last delivered: the base a `viewPatch` frame applies to. */
  data?: unknown;
  listeners: Set<(view: View) => void>;
}

/** A command sent, waiting for its answer. */
export interface Pending {
  resolve: (result: CommandResult) => void;
  reject: (error: Error) => void;
}

export const subscriptionId = (projection: string, key: string) => `${projection}/${key}`;

/** The frames that subscribe to each view again after a reconnect, from the version already delivered. */
export const resubscribeFrames = (subscriptions: Iterable<Subscription>): unknown[] =>
  [...subscriptions].map(({ projection, key, version }) => ({
    action: 'subscribe',
    projection,
    key,
    patches: true,
    ...(version > 0 && { fromVersion: version }),
  }));
