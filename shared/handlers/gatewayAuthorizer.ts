import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { bearerToken, type TokenVerifier } from '#application/access';
import { isCairnError } from '#core/errors';
import { authorizerContextOf } from '#http/gatewayPrincipal';
import { type WebSocketEvent, webSocketToken } from './websocket/websocketApi';

/** API Gateway turns exactly this error message into a 401 (the stack maps it to UNAUTHENTICATED). */
const UNAUTHORIZED = 'Unauthorized';

/**
 * `arn:…:api-id/stage/VERB/path` → `arn:…:api-id/stage/*`: the policy covers every route of the
 * stage, so API Gateway's cached answer (per token) serves the next request to any route. What a
 * principal may do in which context is checked by the handlers, from the principal passed along.
 */
const wholeStage = (methodArn: string): string => `${methodArn.split('/').slice(0, 2).join('/')}/*`;

const allow = (principalId: string, resource: string, context: Record<string, string>): APIGatewayAuthorizerResult => ({
  principalId,
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: resource }],
  },
  context,
});

/**
 * The Lambda authorizer of the REST API (a TOKEN authorizer on `Authorization`) and of the
 * WebSocket API's `$connect` (a REQUEST authorizer: `?token=` or `Sec-WebSocket-Protocol`). A
 * missing, malformed, badly signed or expired token is a 401; nothing else is decided here.
 */
export const createGatewayAuthorizer =
  (verify: () => Promise<TokenVerifier>, log: (error: unknown) => void = () => {}) =>
  async (
    event: APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent,
  ): Promise<APIGatewayAuthorizerResult> => {
    try {
      const token =
        event.type === 'TOKEN'
          ? bearerToken(event.authorizationToken)
          : webSocketToken(event as unknown as WebSocketEvent);
      const principal = await (await verify())(token);
      const resource = event.type === 'TOKEN' ? wholeStage(event.methodArn) : event.methodArn;
      return allow(principal.subject, resource, authorizerContextOf(principal));
    } catch (error) {
      // Only a refused token is a 401; anything else (the secret unreadable, say) is a fault.
      if (!isCairnError(error)) log(error);
      throw new Error(UNAUTHORIZED);
    }
  };
