/**
 * The command ledger's records as the command pipeline writes and reads them: one per command id,
 * kept for the idempotency window, answering a retried command with its first result.
 */
import { CairnError, IdempotencyKeyReusedError } from '#core/errors';
import type { CommandRecord, CommandResult } from '#ports/commandLedger';
import type { CommandRequest } from './commandRequest';

/** How long a command is recognised by its id and its status can be read (DynamoDB TTL). */
export const COMMAND_RECORD_TTL_SECONDS = 7 * 24 * 3600;

/** A record of `request` (without its status), expiring `ttlSeconds` after `now`. */
export const baseCommandRecord = (
  request: CommandRequest,
  fingerprint: string,
  now: Date,
  ttlSeconds: number,
): Omit<CommandRecord, 'status'> => ({
  context: request.context,
  commandId: request.commandId,
  fingerprint,
  updatedAt: now.toISOString(),
  expiresAt: Math.floor(now.getTime() / 1000) + ttlSeconds,
});

/**
 * The first answer of a command sent again with the same id: its result, or the error it failed
 * with. The same id with another command is IDEMPOTENCY_KEY_REUSED.
 */
export const recordedResult = (record: CommandRecord, fingerprint: string): CommandResult => {
  if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(record.commandId);
  if (record.status === 'succeeded' && record.result) return record.result;
  const { status = 500, code = 'COMMAND_FAILED', message = 'The command failed', ...details } = record.error ?? {};
  throw new CairnError(code, status, message, details);
};
