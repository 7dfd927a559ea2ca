/**
 * Every size, rate and receive limit Cairn sets, in one module that the stack, the adapters, the
 * application and the local runtime all import: each is chosen inside the AWS limit its comment
 * names, and the local runtime enforces the same numbers, so nothing passes locally that AWS
 * would refuse. No imports: infra reads this at synth time.
 */
export const LIMITS = {
  /** Request body of a command. Below SQS's 256 KiB message limit with room for the envelope. */
  commandBodyBytes: 192 * 1024,
  /** Serialized events of one commit. DynamoDB items stop at 400 KB; the rest is keys and the record. */
  commitBytes: 300 * 1024,
  /** Snapshots larger than this are skipped (the aggregate then loads from events). DynamoDB items stop at 400 KB. */
  snapshotBytes: 350 * 1024,
  /**
   * A pushed view frame. API Gateway WebSocket frames stop at 32 KB: a larger view is pushed as a
   * "changed, fetch it" frame with the version, never sent broken.
   */
  pushFrameBytes: 32 * 1024,
  /** A frame from a client, and a PostToConnection body. API Gateway WebSocket messages stop at 128 KB. */
  socketMessageBytes: 128 * 1024,
  /** API Gateway closes a WebSocket connection idle for 10 minutes (frames pushed to it do not count). */
  socketIdleMs: 10 * 60_000,
  /** API Gateway closes every WebSocket connection after 2 hours, however busy. */
  socketMaxConnectionMs: 2 * 3600_000,
  /**
   * Requests (REST) and frames (WebSocket) per second of a stage, on average: the stages' throttle
   * and the local gateway's token bucket. Below API Gateway's account quota (10,000 per second).
   */
  requestsPerSecond: 500,
  /** Above that rate, at once (the bucket's size). Below API Gateway's account burst (5,000). */
  requestBurst: 1000,
} as const;

/**
 * SQS's redrive policy (`maxReceiveCount`, 1 to 1,000): after this many receives without a delete,
 * SQS moves a message to the queue's dead-letter queue. The stack's queues, the emulators' and the
 * embedded queue all use it, so that a message is dead-lettered at the same receive everywhere.
 */
export const QUEUE_MAX_RECEIVES = 5;

/**
 * The projection worker dead-letters an event itself on this receive, with the error, before the
 * queue's redrive ({@link QUEUE_MAX_RECEIVES}) would move it without one: it must stay below it.
 */
export const PROJECTION_MAX_RECEIVES = 3;

export const byteLength = (value: unknown): number =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)).length;
