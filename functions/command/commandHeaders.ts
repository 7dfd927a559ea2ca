import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ValidationError } from '../../shared/core/errors';
import { IDEMPOTENCY_KEY_PATTERN } from '../../shared/core/ids';
import { header } from '../../shared/http/request';

export interface CommandHeaders {
  expectedVersion?: number;
  idempotencyKey?: string;
  respondAsync: boolean;
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
  const prefer = header(event, 'prefer') ?? '';
  return {
    expectedVersion: ifMatch === undefined ? undefined : parseIfMatch(ifMatch),
    idempotencyKey,
    respondAsync: prefer.split(',').some((token) => token.trim().toLowerCase() === 'respond-async'),
  };
};
