import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { errorFrame } from '#application/connectionChecks';
import { isCairnError, ThrottledError } from '#core/errors';
import type { WebSocketEvent, WebSocketResult } from '#handlers/websocket/websocketApi';
import { WEBSOCKET_ACTIONS } from '#http/routes';
import { requestTarget } from './requestTarget';
import { LocalConnection } from './sockets/localConnection';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './sockets/socketLimits';

export type WebSocketHandler = (event: WebSocketEvent) => Promise<WebSocketResult>;

/**
 * The local stand-in for API Gateway WebSocket: upgrades on `/ws`, raises `$connect` (refusing the
 * upgrade with the handler's status if it is not 200), routes each message by its `action` (as
 * `$request.body.action` does; `$default` otherwise), raises `$disconnect` on close. The
 * management API that the push code calls is served apart, on loopback (`startManagementApi`),
 * and finds the connections here.
 * Each connection is bounded: its frame rate, the frames waiting for the handler, and the bytes
 * queued towards it (see `SocketLimits`); every listener is an error boundary.
 */
export class WebSocketGateway {
  private readonly connections: Map<string, LocalConnection>;
  /** Per open connection: settles once it closed and its `$disconnect` ran (awaited by `close()`). */
  private readonly finished = new Map<string, Promise<void>>();
  // Frames above API Gateway's 128 KB still reach the handler (which answers PAYLOAD_TOO_LARGE and
  // keeps the connection); only past 1 MiB does the socket close, with 1009.
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    // A browser sending its token as `Sec-WebSocket-Protocol: cairn, <token>` needs `cairn` echoed.
    handleProtocols: (protocols) => (protocols.has('cairn') ? 'cairn' : false),
  });
  private closing = false;

  constructor(
    private readonly handler: WebSocketHandler,
    options: {
      limits?: Partial<SocketLimits>;
      log?: (error: unknown) => void;
      /** The open connections, shared with the management API that pushes to them. */
      connections?: Map<string, LocalConnection>;
    } = {},
  ) {
    this.connections = options.connections ?? new Map();
    this.limits = { ...DEFAULT_SOCKET_LIMITS, ...options.limits };
    this.log = options.log ?? console.error;
  }

  private readonly limits: SocketLimits;
  private readonly log: (error: unknown) => void;

  /** An open or closing connection, for the management API. */
  connection(connectionId: string): LocalConnection | undefined {
    return this.connections.get(connectionId);
  }

  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      this.upgrade(request, socket, head).catch((error: unknown) => {
        const typed = isCairnError(error);
        if (!typed) this.log(error);
        refuseUpgrade(socket, typed ? error.status : 500, { error: typed ? error.toJSON() : internal });
      });
    });
  }

  get size(): number {
    return this.connections.size;
  }

  /** Drops every connection as a network failure would (no close handshake); `$disconnect` follows. */
  terminateAll(): void {
    for (const connection of this.connections.values()) connection.socket.terminate();
  }

  /** Stops: every socket dropped, what they had queued forgotten (not handled), each `$disconnect` raised. */
  async close(): Promise<void> {
    this.closing = true;
    for (const connection of this.connections.values()) connection.socket.terminate();
    // A terminated socket emits 'close' later: wait for each, not only for those already closing.
    await Promise.all(this.finished.values());
    this.wss.close();
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = requestTarget(request);
    if (url.pathname !== '/ws' || this.closing) {
      refuseUpgrade(socket, 404, { error: { code: 'NOT_FOUND', message: 'WebSocket connections open on /ws' } });
      return;
    }
    // API Gateway connection ids are short opaque strings; these are URL-safe.
    const connectionId = randomBytes(12).toString('base64url');
    const result = await this.handler({
      requestContext: { routeKey: '$connect', connectionId, eventType: 'CONNECT' },
      queryStringParameters: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]),
      ),
    });
    if (result.statusCode !== 200) {
      socket.end(httpAnswer(result.statusCode, result.body ?? ''));
      return;
    }
    if (this.closing || socket.destroyed) return void socket.destroy();
    this.wss.handleUpgrade(request, socket, head, (ws) => this.register(connectionId, ws, request));
  }

  private register(connectionId: string, ws: WebSocket, request: IncomingMessage): void {
    const raise = (routeKey: string, eventType: string, body?: string) =>
      this.handler({ requestContext: { routeKey, connectionId, eventType }, body }).then(() => undefined);
    const connection = new LocalConnection(ws, request.socket.remoteAddress ?? '', this.limits, {
      handle: (body) => raise(routeOf(body), 'MESSAGE', body),
      // API Gateway answers a throttled frame itself: so does the gateway, without the handler.
      throttled: () =>
        void connection.deliver(
          JSON.stringify(errorFrame(new ThrottledError(this.limits.framesPerSecond, this.limits.burst))),
        ),
      log: this.log,
    });
    this.connections.set(connectionId, connection);
    ws.on('message', (data, isBinary) => {
      try {
        connection.received();
        connection.inbox.offer(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString());
      } catch (error) {
        this.log(error);
      }
    });
    ws.on('ping', () => connection.received());
    const finished = new Promise<void>((resolve) =>
      ws.once('close', () => {
        connection.inbox
          .drop()
          .then(() => raise('$disconnect', 'DISCONNECT'))
          .catch(this.log)
          .finally(() => {
            this.connections.delete(connectionId);
            this.finished.delete(connectionId);
            resolve();
          });
      }),
    );
    this.finished.set(connectionId, finished);
    ws.on('error', (error) => {
      // 1009 (too big) and protocol errors: ws closes the socket itself; nothing else to do.
      if (!/Max payload size exceeded|Invalid WebSocket frame/i.test(String(error))) this.log(error);
    });
  }
}

const internal = { code: 'INTERNAL_ERROR', message: 'The server could not open this connection; try again' };

const httpAnswer = (status: number, body: string): string =>
  `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Refused'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

const refuseUpgrade = (socket: Duplex, status: number, body: unknown): void => {
  if (socket.destroyed) return;
  socket.end(httpAnswer(status, JSON.stringify(body)));
};

/** `$request.body.action` route selection: a known action names its route, anything else is `$default`. */
const routeOf = (body: string): string => {
  try {
    const action = (JSON.parse(body) as { action?: unknown } | null)?.action;
    return typeof action === 'string' && (WEBSOCKET_ACTIONS as readonly string[]).includes(action)
      ? action
      : '$default';
  } catch {
    return '$default';
  }
};
