import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  bearerToken,
  hasExpired,
  type Principal,
  type Role,
  requireRole,
  type TokenVerifier,
  UnauthenticatedError,
} from '#application/access';
import { InvalidTokenError } from '#core/errors';
import { requireAuthorizedPrincipal } from './gatewayPrincipal';
import { header } from './request';

/** How a REST request proves who sent it: a principal, or UNAUTHENTICATED. */
export type Authenticator = (event: APIGatewayProxyEvent) => Promise<Principal>;

/**
 * The local runtime: the handler verifies `Authorization: Bearer <token>` itself. No token is a
 * plain UNAUTHENTICATED; a token the verifier refuses is an InvalidTokenError (the same 401, whose
 * challenge says `invalid_token`).
 */
export const bearerAuthenticator =
  (verify: TokenVerifier): Authenticator =>
  async (event) => {
    const token = bearerToken(header(event, 'authorization'));
    try {
      return await verify(token);
    } catch (error) {
      if (error instanceof UnauthenticatedError && !(error instanceof InvalidTokenError)) {
        throw new InvalidTokenError(error.message);
      }
      throw error;
    }
  };

/**
 * Behind API Gateway's Lambda authorizer (the CDK stack): the authorizer verified the token and
 * handed the principal over in `requestContext.authorizer`. API Gateway caches that answer per
 * token (60 s), so the token's expiry is checked again here: it stops working when it expires.
 */
export const gatewayAuthenticator: Authenticator = async (event) => {
  const principal = requireAuthorizedPrincipal(event.requestContext?.authorizer);
  if (hasExpired(principal, new Date())) throw new InvalidTokenError('The token has expired');
  return principal;
};

/**
 * Checks the request's principal holds `role` in `context`. Without an authenticator (auth turned
 * off: local runtime only, never in the CDK stack) everything is allowed.
 */
export const authorize = async (
  event: APIGatewayProxyEvent,
  authenticate: Authenticator | undefined,
  context: string,
  role: Role,
): Promise<Principal | undefined> => {
  if (!authenticate) return undefined;
  const principal = await authenticate(event);
  requireRole(principal, context, role);
  return principal;
};
