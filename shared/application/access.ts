/**
 * Who may do what: a principal holds a role per context it is granted. `reader` sees views and
 * subscribes; `writer` also sends commands; `admin` also rebuilds and manages. Kept free of any
 * token format: adapters turn a token into a Principal.
 */
import { CairnError } from '../core/errors';

export const ROLES = ['reader', 'writer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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

/** Turns a bearer token into a principal, or throws UNAUTHENTICATED. */
export type TokenVerifier = (token: string) => Promise<Principal>;

export class UnauthenticatedError extends CairnError {
  override readonly name = 'UnauthenticatedError';
  constructor(message: string) {
    super('UNAUTHENTICATED', 401, message);
  }
}

export class ForbiddenError extends CairnError {
  override readonly name = 'ForbiddenError';
  constructor(message: string) {
    super('FORBIDDEN', 403, message);
  }
}

const rank: ReadonlyMap<string, number> = new Map<Role, number>([
  ['reader', 1],
  ['writer', 2],
  ['admin', 3],
]);

/** The rank of a role; 0 for anything that is not one (so it grants nothing). */
export const roleRank = (role: string | undefined): number => (role === undefined ? 0 : (rank.get(role) ?? 0));

export const isRole = (value: unknown): value is Role => typeof value === 'string' && roleRank(value) > 0;

/**
 * `{ <context>: <role> }` as parsed from JSON → a Map of its own entries, or undefined if it is not
 * such an object. Not a schema's record: that copies into a plain object by assignment, where the
 * key `__proto__` is lost.
 */
export const rolesFromJson = (value: unknown): Map<string, Role> | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const roles = new Map<string, Role>();
  for (const [context, role] of Object.entries(value)) {
    if (!isRole(role)) return undefined;
    roles.set(context, role);
  }
  return roles;
};

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
