import type { APIGatewayProxyEvent } from 'aws-lambda';
import { bearerToken, type Principal, type Role, requireRole, type TokenVerifier } from '../application/access';
import { header } from './request';

/**
 * Checks the request's bearer token grants `role` in `context`. Without a verifier (auth turned
 * off: local runtime only, never in the CDK stack) everything is allowed.
 */
export const authorize = async (
  event: APIGatewayProxyEvent,
  verify: TokenVerifier | undefined,
  context: string,
  role: Role,
): Promise<Principal | undefined> => {
  if (!verify) return undefined;
  const principal = await verify(bearerToken(header(event, 'authorization')));
  requireRole(principal, context, role);
  return principal;
};
