/**
 * Dead letters carry the message as it was and why it failed, so that a person can read the
 * reason and, once the cause is fixed, send it back where it came from (`npm run dlq`).
 */
import * as z from '#core/zod';

export const deadLetterSchema = z.strictObject({
  reason: z.string(),
  failedAt: z.string(),
  receiveCount: z.int(),
  groupId: z.string(),
  dedupId: z.string(),
  body: z.string(),
});

export type DeadLetter = z.infer<typeof deadLetterSchema>;

export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Whether a failure says nothing about the message: throttling, a 5xx, a timeout, a dropped
 * connection (recognised by the shapes AWS SDK v3 errors carry, without importing it), or views
 * contended past their retries. Such a message is not poison: it earns more receives before it is
 * dead-lettered than one whose projection throws.
 */
export const isTransientFailure = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ViewConflictError') return true;
  const sdk = error as Error & {
    $retryable?: unknown;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
    code?: string;
  };
  if (sdk.$retryable !== undefined || sdk.$fault === 'server') return true;
  if ((sdk.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (/Throttl|TooManyRequests|ProvisionedThroughputExceeded|RequestLimitExceeded|Timeout/i.test(error.name)) {
    return true;
  }
  return ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(sdk.code ?? '');
};

/** When a failing message goes to the dead-letter queue, with its error, instead of coming again. */
export interface DeadLetterPolicy {
  /** The receive on which a message whose handling throws is dead-lettered. */
  maxReceiveCount: number;
  /** For transient failures (throttling, 5xx, timeouts, contention): more receives, default one more. */
  transientMaxReceiveCount?: number;
}

/** Whether a message that failed with `error` on its `receiveCount`-th receive is dead-lettered now. */
export const isDeadLetterDue = (policy: DeadLetterPolicy, error: unknown, receiveCount: number): boolean => {
  const allowed = isTransientFailure(error)
    ? (policy.transientMaxReceiveCount ?? policy.maxReceiveCount + 1)
    : policy.maxReceiveCount;
  return receiveCount >= allowed;
};

/** The dead letter of a failed message: the message as it was, why it failed, and when. */
export const deadLetterOf = (
  error: unknown,
  message: { receiveCount: number; groupId: string; dedupId: string; body: string },
  now: Date,
): DeadLetter => ({ reason: describeError(error), failedAt: now.toISOString(), ...message });
