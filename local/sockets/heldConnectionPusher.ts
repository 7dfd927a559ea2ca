import { LIMITS } from '#application/limits';
import type { Pusher, PushOutcome } from '#ports/connectionRegistry';
import type { ConnectionLookup } from './managementApi';
import { CLOSE_CODES } from './socketLimits';

/**
 * Pushes to the sockets this process holds straight onto them, and to any other connection
 * through `others` (the management-API client). It answers what the management API would for the
 * same frame ('gone', 'full', a refusal above 128 KB), without an HTTP request, a SigV4 signature
 * and the SDK's middleware per frame: with 1,000 subscribers those were most of a push's cost.
 */
export class HeldConnectionPusher implements Pusher {
  constructor(
    private readonly held: ConnectionLookup,
    private readonly others: Pusher,
  ) {}

  async push(connectionId: string, payload: string): Promise<PushOutcome> {
    const connection = this.held(connectionId);
    if (!connection) return this.others.push(connectionId, payload);
    if (Buffer.byteLength(payload) > LIMITS.socketMessageBytes) {
      throw new PushTooLargeError(connectionId, Buffer.byteLength(payload));
    }
    return connection.deliver(payload);
  }

  async close(connectionId: string): Promise<void> {
    const connection = this.held(connectionId);
    if (!connection) return this.others.close(connectionId);
    if (connection.open) connection.socket.close(CLOSE_CODES.normal, 'closed by the server');
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
