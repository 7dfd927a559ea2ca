import { type Principal, ROLES, UnauthenticatedError } from '../application/access';
import * as z from '../core/zod';

/**
 * The principal as the Lambda authorizer hands it to API Gateway: the authorizer context holds
 * only strings, numbers and booleans, so the grants travel as JSON in `principal`.
 */
const principalSchema = z.object({
  subject: z.string().check(z.minLength(1)),
  roles: z.record(z.string(), z.enum(ROLES)),
});

export const authorizerContextOf = (principal: Principal): { principal: string } => ({
  principal: JSON.stringify({ subject: principal.subject, roles: principal.roles }),
});

export const principalFromAuthorizerContext = (authorizer: unknown): Principal | undefined => {
  const encoded = (authorizer as { principal?: unknown } | null | undefined)?.principal;
  if (typeof encoded !== 'string') return undefined;
  try {
    const parsed = principalSchema.safeParse(JSON.parse(encoded));
    return parsed.success ? parsed.data : undefined;
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
