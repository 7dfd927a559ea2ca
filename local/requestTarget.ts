import type { IncomingMessage } from 'node:http';
import { BadRequestError } from '#core/errors';

/**
 * The request's target as a URL. Node hands over any bytes a client put on the request line
 * (`//[x`, `/%`), so every listener parses it here: a target that is not a URL is a typed 400
 * (BAD_REQUEST), never an exception thrown inside a listener.
 */
export const requestTarget = (request: IncomingMessage): URL => {
  const raw = request.url ?? '/';
  // `//host/...` would parse as a URL with another host: read the target as a path, always.
  const target = raw.startsWith('/') ? `http://localhost${raw}` : raw;
  if (!URL.canParse(target)) throw new BadRequestError('The request target is not a valid URL');
  const url = new URL(target);
  if (url.host !== 'localhost') throw new BadRequestError('The request target must be a path');
  return url;
};
