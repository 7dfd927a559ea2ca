import type { APIGatewayProxyResult } from 'aws-lambda';
import { CairnError, isCairnError } from '#core/errors';

const baseHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult => ({
  statusCode,
  headers: { ...baseHeaders, ...headers },
  body: JSON.stringify(body),
});

/**
 * Maps any thrown value to the error shape of the REST contract. Typed errors keep their code and
 * status; anything else is a 500 whose detail goes to the log, not to the client.
 */
/** The answer to a failed request: a typed error as itself, anything else as 500 INTERNAL_ERROR, logged. */
export const errorResponse = (error: unknown, log: (error: unknown) => void): APIGatewayProxyResult => {
  if (isCairnError(error)) return json(error.status, { error: error.toJSON() });
  log(error);
  const internal = new CairnError(
    'INTERNAL_ERROR',
    500,
    'The server could not complete the request; it is safe to retry with the same Idempotency-Key',
  );
  return json(500, { error: internal.toJSON() });
};
