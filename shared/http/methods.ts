import type { APIGatewayProxyEvent } from 'aws-lambda';
import { MethodNotAllowedError } from '#core/errors';
import type { Authenticator } from './authorize';
import { allowedMethods, type RestMethod, type RoutePath, routeAt } from './routes';

/** What a handler serves: HEAD is served as GET. */
export type ServedMethod = Exclude<RestMethod, 'HEAD'>;

/**
 * The method to serve for a request on the route at `path`, checked against the route table: HEAD
 * as GET (readAnswers.ts drops the body), any method the route lacks a 405 METHOD_NOT_ALLOWED
 * listing the route's (errorResponse puts them in `Allow`).
 *
 * Deployed, such a method reaches the function through the resource's ANY method, behind the
 * authorizer wherever the route is, so a refused token is a 401 before the method is looked at.
 * The local handlers verify tokens themselves: they check the token first too, and answer the same.
 */
export const requireMethod = async (
  event: APIGatewayProxyEvent,
  path: RoutePath,
  authenticate?: Authenticator,
): Promise<ServedMethod> => {
  const route = routeAt(path);
  const method = event.httpMethod.toUpperCase();
  const served = route.methods.find((candidate) => candidate === method);
  if (served !== undefined) return served === 'HEAD' ? 'GET' : served;
  if (route.authorized && authenticate) await authenticate(event);
  throw new MethodNotAllowedError(method, allowedMethods(route));
};
