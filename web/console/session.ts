/** Who the token is, as the API answers `GET /v1/_whoami`, and what the console offers it. */

export type Role = 'reader' | 'writer' | 'admin';

export interface Principal {
  subject: string;
  roles: Record<string, Role>;
  expiresAt?: number;
  /** Auth is off (local runtime only): everything is allowed. */
  authOff?: boolean;
}

const RANK: Readonly<Record<Role, number>> = { reader: 1, writer: 2, admin: 3 };

/** The role held in `context` (own entries only: context names come from the operator). */
export const roleIn = (principal: Principal | undefined, context: string): Role | undefined => {
  if (principal?.authOff) return 'admin';
  return principal && Object.hasOwn(principal.roles, context) ? principal.roles[context] : undefined;
};

/** Whether the principal may do what needs `needed` in `context` (the API decides again). */
export const can = (principal: Principal | undefined, context: string, needed: Role): boolean => {
  const held = roleIn(principal, context);
  return held !== undefined && RANK[held] >= RANK[needed];
};

/** Why an action is disabled, in words. */
export const needs = (context: string, needed: Role): string => `Needs the ${needed} role in ${context}`;

/** The contexts the token names, apart from the `_admin` area. */
export const grantedContexts = (principal: Principal | undefined): string[] =>
  Object.keys(principal?.roles ?? {})
    .filter((context) => context !== '_admin')
    .sort();
