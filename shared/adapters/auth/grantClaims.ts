import type { Principal } from '#application/access';
import { UnauthenticatedError } from '#core/errors';
import { isRole, type Role, roleRank, rolesFromJson } from '#core/roles';
import * as z from '#core/zod';

/**
 * What a token grants, whoever signed it. Cairn's own claims: `contexts: [..]` and
 * `roles: { <context>: reader|writer|admin }` (a listed context without a role is `reader`). For
 * identity providers that cannot add claims easily (Cognito), groups named `<context>:<role>` in
 * `cognito:groups` or `groups` grant the same.
 */
const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  exp: z.optional(z.number()),
  contexts: z.optional(z.array(z.string())),
  roles: z.optional(z.unknown()),
  groups: z.optional(z.array(z.string())),
  'cognito:groups': z.optional(z.array(z.string())),
});

/**
 * The grants as a Map built from own entries only: context names are chosen by whoever mints the
 * token and by whoever sends the request, and `roles.constructor` or `roles.__proto__` on a plain
 * object would answer from its prototype.
 */
export const principalFromClaims = (payload: unknown): Principal => {
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new UnauthenticatedError('The token lacks sub, or its grants are malformed');
  const named = claims.data.roles === undefined ? new Map<string, Role>() : rolesFromJson(claims.data.roles);
  if (!named) throw new UnauthenticatedError('The token lacks sub, or its grants are malformed');
  const roles = new Map<string, Role>();
  const grant = (context: string, role: Role) => {
    if (roleRank(role) > roleRank(roles.get(context))) roles.set(context, role);
  };
  for (const context of claims.data.contexts ?? []) grant(context, named.get(context) ?? 'reader');
  for (const group of [...(claims.data.groups ?? []), ...(claims.data['cognito:groups'] ?? [])]) {
    const [context, role, ...rest] = group.split(':');
    if (context && rest.length === 0 && isRole(role)) grant(context, role);
  }
  if (roles.size === 0) throw new UnauthenticatedError('The token grants no context');
  return { subject: claims.data.sub, roles, ...(claims.data.exp !== undefined && { expiresAt: claims.data.exp }) };
};
