import type { RemovalPolicy } from 'aws-cdk-lib';
import { type CfnStage, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LIMITS } from '#application/limits';
import { WEBSOCKET_ACTIONS } from '#http/routes';
import { ENV } from '#runtime/environment';
import type { CairnFunction } from './cairnFunction';

export interface CairnWebSocketApiProps {
  stage: string;
  /** The socket function: every route. What else it uses (commands, views, tokens) it is given beside. */
  handler: CairnFunction;
  authorizer: CairnFunction;
  /** The connections and subscriptions, which the socket function and the pushers read and write. */
  connections: ITable;
  /** What pushes to sockets besides the socket function: the projection worker. */
  pushers: CairnFunction[];
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * The WebSocket API: `$connect` behind the REQUEST authorizer (token in `Sec-WebSocket-Protocol`),
 * a route per action to the socket function, and the socket function and the pushers given the
 * management endpoint and the connections table. Returns the API and the stage's `wss://` URL.
 */
export const cairnWebSocketApi = (
  scope: Construct,
  props: CairnWebSocketApiProps,
): { api: WebSocketApi; url: string } => {
  const websocket = props.handler;
  const integration = new WebSocketLambdaIntegration('WebSocketIntegration', websocket);
  const api = new WebSocketApi(scope, 'WebSocketApi', {
    apiName: `cairn-${props.stage}-live`,
    routeSelectionExpression: '$request.body.action',
    // Browsers send the token as `Sec-WebSocket-Protocol: cairn, <token>` (kept out of URLs and logs).
    connectRouteOptions: {
      integration,
      authorizer: new WebSocketLambdaAuthorizer('ConnectAuthorizer', props.authorizer, {
        identitySource: ['route.request.header.Sec-WebSocket-Protocol'],
      }),
    },
    disconnectRouteOptions: { integration },
    defaultRouteOptions: { integration },
  });
  for (const action of WEBSOCKET_ACTIONS) api.addRoute(action, { integration });
  const stage = new WebSocketStage(scope, 'WebSocketStage', {
    webSocketApi: api,
    stageName: props.stage,
    autoDeploy: true,
    throttle: { rateLimit: LIMITS.requestsPerSecond, burstLimit: LIMITS.requestBurst },
  });
  const accessLogs = new LogGroup(scope, 'WebSocketAccessLogs', {
    retention: props.logRetention,
    removalPolicy: props.removalPolicy,
  });
  (stage.node.defaultChild as CfnStage).accessLogSettings = {
    destinationArn: accessLogs.logGroupArn,
    format: JSON.stringify({
      requestId: '$context.requestId',
      connectionId: '$context.connectionId',
      routeKey: '$context.routeKey',
      eventType: '$context.eventType',
      status: '$context.status',
      integrationError: '$context.integrationErrorMessage',
    }),
  };
  for (const fn of [websocket, ...props.pushers]) {
    fn.pushesTo(stage, ENV.websocketEndpoint).uses(props.connections, ENV.connectionsTable, 'readWrite');
  }
  return { api, url: stage.url };
};
