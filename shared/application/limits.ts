/** Size limits, chosen to stay inside the AWS services' own limits with room for envelopes. */
export const LIMITS = {
  /** Request body of a command. Below SQS's 256 KiB message limit with room for the envelope. */
  commandBodyBytes: 192 * 1024,
  /** Serialized events of one commit. DynamoDB items stop at 400 KB; the rest is keys and the record. */
  commitBytes: 300 * 1024,
  /** Snapshots larger than this are skipped (the aggregate then loads from events). */
  snapshotBytes: 350 * 1024,
} as const;

export const byteLength = (value: unknown): number =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)).length;

/**
 * The projection worker dead-letters a failing event on this receive, with its error; the
 * queues' own redrive policy (QUEUE_MAX_RECEIVES) is the backstop for a worker that crashes.
 */
export const PROJECTION_MAX_RECEIVES = 3;
export const QUEUE_MAX_RECEIVES = 5;
