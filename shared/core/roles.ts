/** The roles a principal holds per context, weakest first: each includes what the ones before it may do. */
export const ROLES = ['reader', 'writer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
