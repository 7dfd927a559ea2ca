/**
 * Dead letters carry the message as it was and why it failed, so that a person can read the
 * reason and, once the cause is fixed, send it back where it came from (`npm run dlq`).
 */
import * as z from '../core/zod';

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
