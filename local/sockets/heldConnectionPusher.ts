import { LIMITS } from '#application/limits';
import type { Pusher, PushOutcome } from '#ports/connectionRegistry';
import type { ConnectionLookup } from './managementApi';
import { CLOSE_CODES } from './socketLimits';

/** Peer endpoints whose clients are kept at once; the least recently used goes first. */
const MAX_PEERS = 64;

/**
 * Pushes to the sockets this process holds straight onto them, and to any other connection
 * through the management API of the endpoint that holds it (another runtime of the deployment),
 * or this process's own when none is known. Straight onto a socket it answers what the management
 * API would for the same frame ('gone', 'full', a refusal above 128 KB), without an HTTP request,
 * a signature and the SDK's middleware per frame: with 1,000 subscribers those were most of a
 * push's cost. Only the endpoint that holds a connection answers 'gone' for it; one that cannot be
 * reached fails the push (the connection is not pruned for it).
 */
export class HeldConnectionPusher implements Pusher {
  private readonly peers = new Map<string, Pusher>();

  constructor(
    private readonly held: ConnectionLookup,
    private readonly own: Pusher,
    private readonly route: { endpoint?: string; peer?: (endpoint: string) => Pusher } = {},
  ) {}

  async push(connectionId: string, payload: string, endpoint?: string): Promise<PushOutcome> {
    const connection = this.held(connectionId);
    if (!connection) return this.via(endpoint).push(connectionId, payload);
    if (Buffer.byteLength(payload) > LIMITS.socketMessageBytes) {
      throw new PushTooLargeError(connectionId, Buffer.byteLength(payload));
    }
    return connection.deliver(payload);
  }

  async close(connectionId: string, endpoint?: string): Promise<void> {
    const connection = this.held(connectionId);
    if (!connection) return this.via(endpoint).close(connectionId);
    if (connection.open) connection.socket.close(CLOSE_CODES.normal, 'closed by the server');
  }

  /** The pusher for a connection this process does not hold: its endpoint's, or this process's own. */
  private via(endpoint: string | undefined): Pusher {
    const { peer } = this.route;
    if (endpoint === undefined || endpoint === this.route.endpoint || !peer) return this.own;
    let pusher = this.peers.get(endpoint);
    if (pusher) this.peers.delete(endpoint);
    else pusher = peer(endpoint);
    this.peers.set(endpoint, pusher);
    if (this.peers.size > MAX_PEERS) this.peers.delete(this.peers.keys().next().value as string);
    return pusher;
  }
}

/** What the management API answers (413 PayloadTooLargeException) to a frame above its limit. */
export class PushTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeException';
  constructor(connectionId: string, bytes: number) {
    super(
      `A push of ${bytes} bytes to ${connectionId} is above API Gateway's ${LIMITS.socketMessageBytes}-byte message`,
    );
  }
}
