/** Lambda entry: API Gateway's authorizer of REST requests and WebSocket `$connect`. */
import { lambdaAuthorizer } from '#runtime/lambdaAuthorizer';

export const handler = lambdaAuthorizer();
