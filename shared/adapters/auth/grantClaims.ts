import { type Principal, ROLES, type Role, UnauthenticatedError } from '../../application/access';
import * as z from '../../core/zod';

/**
 * What a token grants, whoever signed it. Cairn's own claims: `contexts: [..]` and
 * `roles: { <context>: reader|writer|admin }` (a listed context without a role is `reader`). For
 * identity providers that cannot add claims easily (Cognito), groups named `<context>:<role>` in
 * `cognito:groups` or `groups` grant the same.
 */
const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  contexts: z.optional(z.array(z.string())),
  roles: z.optional(z.record(z.string(), z.enum(ROLES))),
  groups: z.optional(z.array(z.string())),
  'cognito:groups': z.optional(z.array(z.string())),
});

const rank: Record<Role, number> = { reader: 1, writer: 2, admin: 3 };

export const principalFromClaims = (payload: unknown): Principal => {
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new UnauthenticatedError('The token lacks sub, or its grants are malformed');
  const roles: Record<string, Role> = {};
  const grant = (context: string, role: Role) => {
    const held = roles[context];
    if (!held || rank[role] > rank[held]) roles[context] = role;
  };
  for (const context of claims.data.contexts ?? []) grant(context, claims.data.roles?.[context] ?? 'reader');
  for (const group of [...(claims.data.groups ?? []), ...(claims.data['cognito:groups'] ?? [])]) {
    const [context, role] = group.split(':');
    if (context && (ROLES as readonly string[]).includes(role ?? '')) grant(context, role as Role);
  }
  if (Object.keys(roles).length === 0) throw new UnauthenticatedError('The token grants no context');
  return { subject: claims.data.sub, roles };
};
