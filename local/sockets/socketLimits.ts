import { LIMITS } from '#application/limits';

/**
 * What one WebSocket connection may cost the local gateway. API Gateway throttles frames (per
 * route and account, with a token bucket) and refuses to buffer without bound for a client that
 * does not read (PostToConnection's LimitExceededException); the local gateway does the same per
 * connection, so that no client can take memory or time from the others.
 */
export interface SocketLimits {
  /** Frames per second a connection may send, on average (the token bucket's refill rate). */
  framesPerSecond: number;
  /** Frames a connection may send at once above that rate (the bucket's size). */
  burst: number;
  /**
   * Throttled frames within one second after which the client is taken to ignore THROTTLED and
   * is closed with 1008 (policy violation) instead of being answered frame by frame.
   */
  throttledBeforeClose: number;
  /** Frames waiting for the handler; past this the socket stops being read (TCP backpressure). */
  maxPendingFrames: number;
  /** Bytes queued towards a client that does not read; past this it is closed with 1013. */
  maxSendBufferBytes: number;
  /** API Gateway closes a connection that sent nothing for 10 minutes (1001); frames pushed to it do not count. */
  idleMs: number;
  /** API Gateway closes every connection after 2 hours (1001), however busy. */
  maxConnectionMs: number;
}

/** The stage's throttle and API Gateway's connection lifetimes from limits.ts; the rest is the local gateway's own. */
export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  // A page resubscribing to a few hundred views at once fits the burst; a flood does not.
  framesPerSecond: LIMITS.requestsPerSecond,
  burst: LIMITS.requestBurst,
  throttledBeforeClose: 1000,
  maxPendingFrames: 64,
  maxSendBufferBytes: 1024 * 1024,
  idleMs: LIMITS.socketIdleMs,
  maxConnectionMs: LIMITS.socketMaxConnectionMs,
};

// Defined in shared/, not here: the AsyncAPI document the functions serve lists them too.
export { CLOSE_CODES } from '#application/socketCloseCodes';
