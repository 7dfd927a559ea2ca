import type { SocketLimits } from './socketLimits';
import { TokenBucket } from './tokenBucket';

export interface InboxHooks {
  /** Handles one frame (raises its route); frames of one connection run one after another. */
  handle: (body: string) => Promise<void>;
  /** A frame over the rate: answer THROTTLED, do not handle it. */
  throttled: () => void;
  /** Far over the rate for a second: close the connection (1008). */
  flooding: () => void;
  /** Too many frames waiting: stop reading the socket, and start again. */
  pause: () => void;
  resume: () => void;
  log: (error: unknown) => void;
}

/**
 * One connection's inbound frames: rate-limited by a token bucket, queued up to a bound (past it
 * the socket is no longer read, so the client's own sends block in TCP instead of growing our
 * memory), handled in order, one at a time. On close what is still queued is dropped, not drained.
 */
export class FrameInbox {
  private readonly queue: string[] = [];
  private readonly bucket: TokenBucket;
  private draining: Promise<void> | undefined;
  private dropped = false;
  private paused = false;
  private windowStart = 0;
  private throttledInWindow = 0;

  constructor(
    private readonly limits: SocketLimits,
    private readonly hooks: InboxHooks,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bucket = new TokenBucket(limits.framesPerSecond, limits.burst, now);
  }

  offer(body: string): void {
    if (this.dropped) return;
    if (!this.bucket.take()) {
      this.throttle();
      return;
    }
    this.queue.push(body);
    if (!this.paused && this.queue.length >= this.limits.maxPendingFrames) {
      this.paused = true;
      this.hooks.pause();
    }
    this.draining ??= this.drain();
  }

  /** Frames waiting to be handled. */
  get pending(): number {
    return this.queue.length;
  }

  /** The connection is closing: forget what is queued; resolves once the frame in hand is done. */
  async drop(): Promise<void> {
    this.dropped = true;
    this.queue.length = 0;
    await this.draining;
  }

  private throttle(): void {
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.throttledInWindow = 0;
    }
    this.throttledInWindow += 1;
    if (this.throttledInWindow > this.limits.throttledBeforeClose) {
      this.dropped = true;
      this.queue.length = 0;
      this.hooks.flooding();
    } else this.hooks.throttled();
  }

  private async drain(): Promise<void> {
    for (let body = this.queue.shift(); body !== undefined && !this.dropped; body = this.queue.shift()) {
      try {
        await this.hooks.handle(body);
      } catch (error) {
        this.hooks.log(error);
      }
      if (this.paused && this.queue.length <= this.limits.maxPendingFrames / 4) {
        this.paused = false;
        this.hooks.resume();
      }
    }
    this.draining = undefined;
  }
}
