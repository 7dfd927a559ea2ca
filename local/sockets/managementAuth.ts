/**
 * How runtimes of one deployment call each other's management API: each request is signed with
 * HMAC-SHA256 under the cluster key (derived from the secret they share), over its method, path,
 * time and body, and refused unless the signature matches and the time is within five minutes.
 * A request can be replayed within that window only to the same connection with the same frame,
 * which a client drops by its version. A runtime alone gets a random key: no one else can call it.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-cairn-management-signature';
const MAX_SKEW_S = 300;

/** The key of the runtimes that share `secret`; a random one without it. */
export const managementKey = (secret?: Uint8Array): Buffer =>
  secret ? createHmac('sha256', secret).update('cairn management api v1').digest() : randomBytes(32);

const digest = (key: Buffer, parts: { method: string; path: string; time: number; body: Uint8Array }) =>
  createHmac('sha256', key)
    .update(`${parts.time}\n${parts.method.toUpperCase()}\n${parts.path}\n`)
    .update(createHash('sha256').update(parts.body).digest('hex'))
    .digest();

/** The signature header's value for a request. */
export const signRequest = (
  key: Buffer,
  request: { method: string; path: string; body: Uint8Array },
  now: number = Date.now(),
): string => {
  const time = Math.floor(now / 1000);
  return `t=${time},v=${digest(key, { ...request, time }).toString('hex')}`;
};

/** Whether a request's signature header is valid for it. */
export const verifyRequest = (
  key: Buffer,
  header: string | undefined,
  request: { method: string; path: string; body: Uint8Array },
  now: number = Date.now(),
): boolean => {
  const match = /^t=(\d{1,12}),v=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const time = Number(match[1]);
  if (Math.abs(now / 1000 - time) > MAX_SKEW_S) return false;
  const given = Buffer.from(match[2] ?? '', 'hex');
  return timingSafeEqual(given, digest(key, { ...request, time }));
};
