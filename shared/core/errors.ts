/**
 * Typed errors with a stable machine-readable `code` and the HTTP status they map to.
 * The domain and application layers throw these; the edges (Lambda handlers, the local runtime)
 * turn them into `{"error": {"code", "message", ...details}}` responses by reading these fields only.
 */
export type ErrorDetails = Record<string, unknown>;

export class CairnError extends Error {
  override readonly name: string = 'CairnError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toJSON(): { code: string; message: string } & ErrorDetails {
    return { code: this.code, message: this.message, ...this.details };
  }
}

export const isCairnError = (error: unknown): error is CairnError => error instanceof CairnError;

export interface FieldIssue {
  path: string;
  message: string;
}

export class ValidationError extends CairnError {
  override readonly name = 'ValidationError';
  constructor(message: string, fields: FieldIssue[]) {
    super('VALIDATION_FAILED', 400, message, { fields });
  }
}

export class InvalidJsonError extends CairnError {
  override readonly name = 'InvalidJsonError';
  constructor(message = 'The request body is not valid JSON') {
    super('INVALID_JSON', 400, message);
  }
}

export class UnknownCommandError extends CairnError {
  override readonly name = 'UnknownCommandError';
  constructor(type: string, known: readonly string[]) {
    super('UNKNOWN_COMMAND', 400, `Unknown command type '${type}'`, { knownTypes: known });
  }
}

export class UnknownContextError extends CairnError {
  override readonly name = 'UnknownContextError';
  constructor(context: string) {
    super('UNKNOWN_CONTEXT', 404, `Unknown context '${context}'`);
  }
}

/**
 * The token an open WebSocket connected with (or last renewed with `authenticate`) has expired:
 * the frame is refused and the connection closed; reconnect with a fresh token.
 */
export class TokenExpiredError extends CairnError {
  override readonly name = 'TokenExpiredError';
  constructor(expiredAt: number) {
    super('TOKEN_EXPIRED', 401, 'The token of this connection has expired; reconnect with a fresh token', {
      expiredAt,
    });
  }
}

/** A request the gateway cannot route at all: a request target that is not a URL, a bad escape. */
export class BadRequestError extends CairnError {
  override readonly name = 'BadRequestError';
  constructor(message: string) {
    super('BAD_REQUEST', 400, message);
  }
}

/**
 * Too many frames on one WebSocket connection, as API Gateway throttles a route: the frame was
 * not handled; send it again more slowly. A client that keeps going past the limit is closed (1008).
 */
export class ThrottledError extends CairnError {
  override readonly name = 'ThrottledError';
  constructor(ratePerSecond: number, burst: number) {
    super(
      'THROTTLED',
      429,
      `Too many frames on this connection; the limit is ${ratePerSecond}/s (bursts of ${burst})`,
      {
        ratePerSecond,
        burst,
      },
    );
  }
}

/** The route exists, the method does not: `allowed` is what the answer's `Allow` header lists. */
export class MethodNotAllowedError extends CairnError {
  override readonly name = 'MethodNotAllowedError';
  constructor(
    method: string,
    readonly allowed: readonly string[],
  ) {
    super('METHOD_NOT_ALLOWED', 405, `${method} is not allowed here; use ${allowed.join(', ')}`, { allowed });
  }
}

export class UnknownProjectionError extends CairnError {
  override readonly name = 'UnknownProjectionError';
  constructor(projection: string, known: string[]) {
    super('UNKNOWN_PROJECTION', 404, `Unknown projection '${projection}'`, { knownProjections: known });
  }
}

export class PayloadTooLargeError extends CairnError {
  override readonly name = 'PayloadTooLargeError';
  constructor(what: string, size: number, limit: number) {
    super('PAYLOAD_TOO_LARGE', 413, `${what} is ${size} bytes; the limit is ${limit} bytes`, {
      size,
      limit,
    });
  }
}

/** The expected version named by the client (If-Match) is not the aggregate's current version. */
export class VersionConflictError extends CairnError {
  override readonly name = 'VersionConflictError';
  constructor(
    readonly currentVersion: number,
    expectedVersion: number,
    message = `Expected version ${expectedVersion} but the aggregate is at version ${currentVersion}`,
  ) {
    super('VERSION_CONFLICT', 409, message, { currentVersion, expectedVersion });
  }
}

/** A business rule refused the command. `code` is the rule's own (TODO_NOT_FOUND, LIST_ARCHIVED, ...). */
export class DomainError extends CairnError {
  override readonly name = 'DomainError';
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(code, 422, message, details);
  }
}

export class NotFoundError extends CairnError {
  override readonly name = 'NotFoundError';
  constructor(code: string, message: string) {
    super(code, 404, message);
  }
}

export class IdempotencyKeyReusedError extends CairnError {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor(commandId: string) {
    super('IDEMPOTENCY_KEY_REUSED', 422, `Idempotency-Key '${commandId}' was already used for a different command`);
  }
}

/** Contention did not settle within the retry budget; safe to retry with the same Idempotency-Key. */
export class ContentionError extends CairnError {
  override readonly name = 'ContentionError';
  constructor(attempts: number, currentVersion: number) {
    super(
      'VERSION_CONFLICT',
      409,
      `Gave up after ${attempts} attempts on a contended aggregate; retry with the same Idempotency-Key`,
      { currentVersion, attempts, retryable: true },
    );
  }
}

export class UnauthenticatedError extends CairnError {
  override readonly name: string = 'UnauthenticatedError';
  constructor(message: string) {
    super('UNAUTHENTICATED', 401, message);
  }
}

/**
 * A token was presented and refused (malformed, forged, expired, outside its lifetime rules): the
 * same 401 UNAUTHENTICATED, but the challenge says `error="invalid_token"` (RFC 6750), which a
 * request that sent no token must not get.
 */
export class InvalidTokenError extends UnauthenticatedError {
  override readonly name = 'InvalidTokenError';
}

export class ForbiddenError extends CairnError {
  override readonly name = 'ForbiddenError';
  constructor(message: string) {
    super('FORBIDDEN', 403, message);
  }
}
