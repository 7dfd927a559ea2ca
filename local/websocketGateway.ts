import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { WebSocketEvent, WebSocketResult } from '../functions/websocket/websocketApi';
import { ACTIONS, MAX_FRAME_BYTES } from '../shared/application/socketFrames';

export type WebSocketHandler = (event: WebSocketEvent) => Promise<WebSocketResult>;

interface Client {
  socket: WebSocket;
  connectedAt: Date;
  lastActiveAt: Date;
  sourceIp: string;
  /** Messages of one connection are handled one after another, so answers keep their order. */
  queue: Promise<void>;
}

/**
 * The local stand-in for API Gateway WebSocket: upgrades on `/ws`, raises `$connect` (refusing the
 * upgrade with the handler's status if it is not 200), routes each message by its `action` (as
 * `$request.body.action` does; `$default` otherwise), raises `$disconnect` on close, and serves the
 * management API on the same port — `POST`, `GET`, `DELETE /@connections/{id}`, 410 for a gone
 * connection — so that the push code used in AWS runs unchanged against it.
 */
export class WebSocketGateway {
  private readonly clients = new Map<string, Client>();
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
    private readonly log: (error: unknown) => void = console.error,
  ) {}

  attach(server: Server): void {
    server.on('upgrade', (request, socket, head) => {
      void this.upgrade(request, socket, head).catch((error: unknown) => {
        this.log(error);
        socket.destroy();
      });
    });
  }

  get connections(): number {
    return this.clients.size;
  }

  /** The management API route for the HTTP gateway. */
  readonly managementRoute = (request: IncomingMessage, response: ServerResponse): boolean => {
    const match = /^\/@connections\/([^/?]+)/.exec(request.url ?? '');
    if (!match?.[1]) return false;
    const connectionId = decodeURIComponent(match[1]);
    const client = this.clients.get(connectionId);
    const reply = (status: number, body?: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (!client || client.socket.readyState !== WebSocket.OPEN) {
      request.resume();
      reply(410, { message: 'GoneException' });
      return true;
    }
    if (request.method === 'GET') {
      reply(200, {
        ConnectedAt: client.connectedAt.toISOString(),
        LastActiveAt: client.lastActiveAt.toISOString(),
        Identity: { SourceIp: client.sourceIp },
      });
    } else if (request.method === 'DELETE') {
      client.socket.close(1000, 'closed by the server');
      reply(204);
    } else if (request.method === 'POST') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const data = Buffer.concat(chunks);
        if (data.length > MAX_FRAME_BYTES) return reply(413, { message: 'PayloadTooLargeException' });
        client.socket.send(data.toString('utf8'), (error) =>
          error ? reply(410, { message: 'GoneException' }) : reply(200),
        );
      });
    } else {
      reply(405, { message: 'MethodNotAllowed' });
    }
    return true;
  };

  /** Drops every connection as a network failure would (no close handshake); `$disconnect` follows. */
  terminateAll(): void {
    for (const client of this.clients.values()) client.socket.terminate();
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const client of this.clients.values()) client.socket.terminate();
    await Promise.all([...this.clients.values()].map((client) => client.queue));
    this.wss.close();
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws' || this.closing) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
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
      const body = result.body ?? '';
      socket.end(
        `HTTP/1.1 ${result.statusCode} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.register(connectionId, ws, request));
  }

  private register(connectionId: string, ws: WebSocket, request: IncomingMessage): void {
    const now = new Date();
    const client: Client = {
      socket: ws,
      connectedAt: now,
      lastActiveAt: now,
      sourceIp: request.socket.remoteAddress ?? '',
      queue: Promise.resolve(),
    };
    this.clients.set(connectionId, client);
    const raise = (routeKey: string, eventType: string, body?: string) => {
      client.queue = client.queue
        .then(() => this.handler({ requestContext: { routeKey, connectionId, eventType }, body }))
        .then(() => undefined, this.log);
    };
    ws.on('message', (data, isBinary) => {
      client.lastActiveAt = new Date();
      const body = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      raise(routeOf(body), 'MESSAGE', body);
    });
    ws.on('close', () => {
      raise('$disconnect', 'DISCONNECT');
      void client.queue.then(() => this.clients.delete(connectionId));
    });
    ws.on('error', this.log);
  }
}

/** `$request.body.action` route selection: a known action names its route, anything else is `$default`. */
const routeOf = (body: string): string => {
  try {
    const action = (JSON.parse(body) as { action?: unknown } | null)?.action;
    return typeof action === 'string' && (ACTIONS as readonly string[]).includes(action) ? action : '$default';
  } catch {
    return '$default';
  }
};
