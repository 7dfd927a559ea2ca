/**
 * The opaque cursor of a collection page: the last key served, bound to the projection and
 * prefix it was served for, base64url-encoded. A client hands it back as it got it; a cursor
 * that does not decode, or that belongs to another listing, is a 400, never a wrong page.
 */
import { ValidationError } from '#core/errors';
import * as z from '#core/zod';

const cursorSchema = z.strictObject({
  v: z.literal(1),
  p: z.string(),
  x: z.string(),
  // A key, or a sort position (a sort value, NUL, a key).
  a: z.string().check(z.minLength(1), z.maxLength(400)),
});

/** What a cursor is issued for: the projection listed and the listing's parameters (prefix, filter, sort, order). */
export interface CursorScope {
  projection: string;
  prefix: string;
}

export const encodeCursor = (scope: CursorScope, after: string): string =>
  Buffer.from(JSON.stringify({ v: 1, p: scope.projection, x: scope.prefix, a: after })).toString('base64url');

const invalid = (message: string) =>
  new ValidationError('Invalid cursor: pass back the nextCursor of the previous page, unchanged', [
    { path: 'cursor', message },
  ]);

/** The key to start after, or INVALID (400) naming why. */
export const decodeCursor = (raw: string, scope: CursorScope): string => {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(raw)) throw invalid('not a cursor this API issued');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor this API issued');
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) throw invalid('not a cursor this API issued');
  if (parsed.data.p !== scope.projection || parsed.data.x !== scope.prefix) {
    throw invalid('issued for another listing (projection, prefix, filter, sort or order)');
  }
  return parsed.data.a;
};
