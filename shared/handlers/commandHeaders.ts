import type { APIGatewayProxyEvent } from 'aws-lambda';
import { MAX_WAIT_SECONDS } from '#application/awaitCommand';
import { ValidationError } from '#core/errors';
import { IDEMPOTENCY_KEY_PATTERN } from '#core/ids';
import { header } from '#http/request';

export interface CommandHeaders {
  expectedVersion?: number;
  idempotencyKey?: string;
  respondAsync: boolean;
  /** `Prefer: respond-async, wait=N` (RFC 7240): seconds to wait for the outcome, capped. */
  waitSeconds?: number;
}

/** `If-Match: "3"` (a strong ETag as sent back in our responses) or a bare `3`. */
const parseIfMatch = (raw: string): number => {
  const match = /^\s*"?(\d{1,15})"?\s*$/.exec(raw);
  const version = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(version)) {
    throw new ValidationError('If-Match must be an aggregate version such as "3" (0: must not exist yet)', [
      { path: 'If-Match', message: `expected a quoted non-negative integer, got '${raw}'` },
    ]);
  }
  return version;
};

export const commandHeaders = (event: APIGatewayProxyEvent): CommandHeaders => {
  const ifMatch = header(event, 'if-match');
  const idempotencyKey = header(event, 'idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    throw new ValidationError('Idempotency-Key must be 1-64 characters of letters, digits and _ - . : @', [
      { path: 'Idempotency-Key', message: 'invalid characters or length' },
    ]);
  }
  const preferences = (header(event, 'prefer') ?? '').split(/[,;]/).map((token) => token.trim().toLowerCase());
  // A preference that cannot be honoured is ignored (RFC 7240 §2), so a malformed wait is no wait.
  const wait = preferences.map((token) => /^wait\s*=\s*"?(\d{1,6})"?$/.exec(token)?.[1]).find(Boolean);
  return {
    expectedVersion: ifMatch === undefined ? undefined : parseIfMatch(ifMatch),
    idempotencyKey,
    respondAsync: preferences.includes('respond-async'),
    ...(wait !== undefined && { waitSeconds: Math.min(MAX_WAIT_SECONDS, Number(wait)) }),
  };
};
