import type { APIGatewayProxyEvent } from 'aws-lambda';
import { CairnError, InvalidJsonError, PayloadTooLargeError, ValidationError } from '#core/errors';

/** Case-insensitive header look-up (API Gateway keeps the client's casing). */
export const header = (event: APIGatewayProxyEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
};

/**
 * A header sent as several field lines, as one list (RFC 9110 §5.3: the lines joined with commas).
 * `headers` keeps only one of them; `multiValueHeaders` has them all (API Gateway and the local gateway).
 */
export const headerList = (event: APIGatewayProxyEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  const lines = Object.entries(event.multiValueHeaders ?? {})
    .filter(([key]) => key.toLowerCase() === wanted)
    .flatMap(([, values]) => values ?? []);
  return lines.length > 0 ? lines.join(', ') : header(event, name);
};

/** The path split into decoded segments; a malformed escape is a 400, not a crash. */
export const pathSegments = (path: string): string[] => {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new ValidationError('The path is not valid percent-encoding', [{ path: 'path', message: 'bad escape' }]);
  }
};

/** Reads a JSON body: 415 for another media type, 413 past `limit` bytes, 400 for bad JSON. */
export const jsonBody = (event: APIGatewayProxyEvent, limit: number): unknown => {
  const contentType = header(event, 'content-type');
  if (contentType && !/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new CairnError('UNSUPPORTED_MEDIA_TYPE', 415, `Expected application/json, got '${contentType}'`);
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '', 'utf8');
  if (raw.length > limit) throw new PayloadTooLargeError('The request body', raw.length, limit);
  if (raw.length === 0) throw new InvalidJsonError('The request body is empty; expected a JSON object');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new InvalidJsonError(`The request body is not valid JSON: ${(error as Error).message}`);
  }
};

/** A non-negative integer query parameter, or `fallback` when absent. */
export const intParam = (
  event: APIGatewayProxyEvent,
  name: string,
  fallback: number,
  bounds: { min: number; max: number },
): number => {
  const raw = event.queryStringParameters?.[name];
  if (raw === undefined || raw === null) return fallback;
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < bounds.min || value > bounds.max) {
    throw new ValidationError(`Query parameter '${name}' must be an integer from ${bounds.min} to ${bounds.max}`, [
      { path: name, message: `expected an integer from ${bounds.min} to ${bounds.max}, got '${raw}'` },
    ]);
  }
  return value;
};
