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
  /** context → role. */
  roles: Readonly<Record<string, Role>>;
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

const rank: Record<Role, number> = { reader: 1, writer: 2, admin: 3 };

/** Throws FORBIDDEN unless the principal holds at least `needed` in `context`. */
export const requireRole = (principal: Principal, context: string, needed: Role): void => {
  const held = principal.roles[context];
  if (!held) throw new ForbiddenError(`'${principal.subject}' is not granted context '${context}'`);
  if (rank[held] < rank[needed]) {
    throw new ForbiddenError(`'${principal.subject}' is ${held} in '${context}'; this needs ${needed}`);
  }
};

/** `Authorization: Bearer <token>` → the token, or UNAUTHENTICATED. */
export const bearerToken = (authorization: string | undefined): string => {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new UnauthenticatedError('Send Authorization: Bearer <token>');
  return match[1];
};
