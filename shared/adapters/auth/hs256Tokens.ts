import { errors, jwtVerify, SignJWT } from 'jose';
import { type Principal, ROLES, type Role, type TokenVerifier, UnauthenticatedError } from '../../application/access';
import * as z from '../../core/zod';

/**
 * HS256 JWTs (a shared secret: Secrets Manager in AWS, a generated dev secret locally). Claims:
 * `sub`, `contexts: [..]`, and `roles: { <context>: reader|writer|admin }` (a listed context
 * without a role is `reader`).
 */
const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  contexts: z.array(z.string()),
  roles: z.optional(z.record(z.string(), z.enum(ROLES))),
});

export const hs256Verifier =
  (secret: Uint8Array): TokenVerifier =>
  async (token) => {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] }));
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      throw new UnauthenticatedError(expired ? 'The token has expired' : 'The token is not valid');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthenticatedError('The token lacks sub or contexts');
    const roles: Record<string, Role> = {};
    for (const context of claims.data.contexts) roles[context] = claims.data.roles?.[context] ?? 'reader';
    return { subject: claims.data.sub, roles } satisfies Principal;
  };

export const mintToken = (
  secret: Uint8Array,
  grant: { subject: string; roles: Record<string, Role>; ttlSeconds?: number },
): Promise<string> =>
  new SignJWT({ contexts: Object.keys(grant.roles), roles: grant.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(grant.subject)
    .setIssuedAt()
    .setExpirationTime(`${grant.ttlSeconds ?? 12 * 3600}s`)
    .sign(secret);
