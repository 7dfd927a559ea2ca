import { WebSocket } from 'ws';
import { FrameInbox, type InboxHooks } from './frameInbox';
import { CLOSE_CODES, type SocketLimits } from './socketLimits';

const FLOOD_CLOSE_GRACE_MS = 2_000;

/** What the management API's POST made of a frame for this connection. */
export type Delivery = 'sent' | 'gone' | 'full';

/** One open socket of the local gateway: its inbound frames, its bounded sends, what GET shows. */
export class LocalConnection {
  readonly connectedAt = new Date();
  lastActiveAt = this.connectedAt;
  readonly inbox: FrameInbox;
  private readonly idle: NodeJS.Timeout;
  private readonly lifetime: NodeJS.Timeout;

  constructor(
    readonly socket: WebSocket,
    readonly sourceIp: string,
    private readonly limits: SocketLimits,
    hooks: Pick<InboxHooks, 'handle' | 'throttled' | 'log'>,
  ) {
    this.inbox = new FrameInbox(limits, {
      ...hooks,
      flooding: () => this.closeFlooding(),
      pause: () => this.socket.pause(),
      resume: () => this.socket.resume(),
    });
    this.idle = setTimeout(
      () => this.socket.close(CLOSE_CODES.goingAway, 'idle timeout (10 minutes without a frame)'),
      limits.idleMs,
    ).unref();
    this.lifetime = setTimeout(
      () => this.socket.close(CLOSE_CODES.goingAway, 'connection duration limit (2 hours) reached'),
      limits.maxConnectionMs,
    ).unref();
    socket.once('close', () => {
      clearTimeout(this.idle);
      clearTimeout(this.lifetime);
    });
  }

  /** A frame (or a ping) from the client: it is active, and its idle time starts again. */
  received(): void {
    this.lastActiveAt = new Date();
    this.idle.refresh(); // restarts the idle time without a new timer per frame
  }

  /**
   * 1008, then reading again so that the client's close frame can arrive; a client that floods on
   * regardless is cut off after a short grace instead of being parsed for ws's 30 s close timeout.
   */
  private closeFlooding(): void {
    this.socket.close(CLOSE_CODES.policyViolation, 'frame rate limit exceeded');
    this.socket.resume();
    setTimeout(() => this.socket.terminate(), FLOOD_CLOSE_GRACE_MS).unref();
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Queues a frame for the client without waiting for it to be read (as API Gateway accepts a
   * PostToConnection). A client that leaves more than the bound unread is closed with 1013, and
   * the frame refused as 'full' (API Gateway's LimitExceededException), so that one reader that
   * stopped costs neither memory nor anyone else's time.
   */
  deliver(data: string): Delivery {
    if (!this.open) return 'gone';
    if (this.socket.bufferedAmount + Buffer.byteLength(data) > this.limits.maxSendBufferBytes) {
      this.socket.close(CLOSE_CODES.tryAgainLater, 'not reading: send buffer full');
      return 'full';
    }
    this.socket.send(data);
    return 'sent';
  }
}
