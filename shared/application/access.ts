/** Who may do what: principals, their roles per context, and the checks on them. */
import { ForbiddenError, UnauthenticatedError } from '#core/errors';
import { type Role, roleRank } from '#core/roles';

export { isRole, ROLES, type Role, roleRank, rolesFromJson } from '#core/roles';

export interface Principal {
  subject: string;
  /**
   * context → role. A Map, never a plain object: context names come from clients, and a plain
   * object answers `constructor` or `__proto__` from its prototype.
   */
  roles: ReadonlyMap<string, Role>;
  /** When the token stops being valid (epoch seconds); a socket checks it on every frame. */
  expiresAt?: number;
}

// The errors of access live in the core with the others; re-exported for the modules that check access.
export { ForbiddenError, UnauthenticatedError };

/** Turns a bearer token into a principal, or throws UNAUTHENTICATED. */
export type TokenVerifier = (token: string) => Promise<Principal>;

/** Throws FORBIDDEN unless the principal holds at least `needed` in `context`. */
export const requireRole = (principal: Principal, context: string, needed: Role): void => {
  const held = principal.roles.get(context);
  if (held === undefined) throw new ForbiddenError(`'${principal.subject}' is not granted context '${context}'`);
  // An unknown role ranks 0: it refuses, never passes.
  if (roleRank(held) < roleRank(needed)) {
    throw new ForbiddenError(`'${principal.subject}' is ${held} in '${context}'; this needs ${needed}`);
  }
};

/** Whether the principal's token has expired (a principal without an expiry never does). */
export const hasExpired = (principal: Principal, now: Date): boolean =>
  principal.expiresAt !== undefined && principal.expiresAt * 1000 <= now.getTime();

/** `Authorization: Bearer <token>` → the token, or UNAUTHENTICATED. */
export const bearerToken = (authorization: string | undefined): string => {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new UnauthenticatedError('Send Authorization: Bearer <token>');
  return match[1];
};
