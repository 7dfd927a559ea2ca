import { type Principal, rolesFromJson, UnauthenticatedError } from '#application/access';
import * as z from '#core/zod';

/**
 * The principal as the Lambda authorizer hands it to API Gateway: the authorizer context holds
 * only strings, numbers and booleans, so the grants travel as JSON in `principal`.
 */
const principalSchema = z.object({
  subject: z.string().check(z.minLength(1)),
  roles: z.unknown(),
  expiresAt: z.optional(z.number()),
});

export const authorizerContextOf = (principal: Principal): { principal: string } => ({
  principal: JSON.stringify({
    subject: principal.subject,
    roles: Object.fromEntries(principal.roles),
    expiresAt: principal.expiresAt,
  }),
});

export const principalFromAuthorizerContext = (authorizer: unknown): Principal | undefined => {
  const encoded = (authorizer as { principal?: unknown } | null | undefined)?.principal;
  if (typeof encoded !== 'string') return undefined;
  try {
    const parsed = principalSchema.safeParse(JSON.parse(encoded));
    if (!parsed.success) return undefined;
    const { subject, expiresAt } = parsed.data;
    // Own entries only, into a Map (see Principal.roles).
    const roles = rolesFromJson(parsed.data.roles);
    return roles && { subject, roles, ...(expiresAt !== undefined && { expiresAt }) };
  } catch {
    return undefined;
  }
};

/**
 * The principal API Gateway's Lambda authorizer verified, which clients cannot set. Its absence
 * means the route was wired without the authorizer: refused, never allowed.
 */
export const requireAuthorizedPrincipal = (authorizer: unknown): Principal => {
  const principal = principalFromAuthorizerContext(authorizer);
  if (!principal) throw new UnauthenticatedError('No principal verified by the gateway authorizer');
  return principal;
};
