import type { RemovalPolicy } from 'aws-cdk-lib';
import { type CfnStage, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ACTIONS } from '../../shared/application/socketFrames';
import type { CairnFunction } from './cairnFunction';
import type { CairnTables } from './tables';

export interface CairnWebSocketApiProps {
  stage: string;
  /** `CAIRN_CONTEXTS` of the deployment, read by the socket function and the pusher. */
  contexts: string;
  tables: CairnTables;
  commandQueue: Queue;
  projectionWorker: CairnFunction;
  commandSide: Record<string, string>;
  fn: (name: string, entry: string, environment: Record<string, string>) => CairnFunction;
  authorizer: CairnFunction;
  verifiesTokens: (fn: CairnFunction) => void;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * The WebSocket API: `$connect` behind the REQUEST authorizer (token in `Sec-WebSocket-Protocol`),
 * a route per action, the socket function, and the projection worker made the pusher (the
 * management endpoint, the connections table). Returns the API and the stage's `wss://` URL.
 */
export const cairnWebSocketApi = (
  scope: Construct,
  props: CairnWebSocketApiProps,
): { api: WebSocketApi; url: string } => {
  const { tables } = props;
  const websocket = props.fn('WebSocket', 'functions/websocket/handler.ts', {
    ...props.commandSide,
    VIEWS_TABLE: tables.views.tableName,
    CONNECTIONS_TABLE: tables.connections.tableName,
    CAIRN_CONTEXTS: props.contexts,
  });
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
  for (const action of ACTIONS) api.addRoute(action, { integration });
  const stage = new WebSocketStage(scope, 'WebSocketStage', {
    webSocketApi: api,
    stageName: props.stage,
    autoDeploy: true,
    throttle: { rateLimit: 500, burstLimit: 1000 },
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
  const endpoint = stage.callbackUrl;
  websocket.addEnvironment('WEBSOCKET_ENDPOINT', endpoint);
  tables.events.grantReadWriteData(websocket);
  tables.commands.grantReadWriteData(websocket);
  // It runs commands (the `command` frame) like the command function: snapshots are read, never written.
  tables.snapshots.grantReadData(websocket);
  props.commandQueue.grantSendMessages(websocket);
  tables.views.grantReadData(websocket);
  tables.connections.grantReadWriteData(websocket);
  stage.grantManagementApiAccess(websocket);
  // The authorizer sees $connect only: the function verifies an `authenticate` frame's token itself.
  props.verifiesTokens(websocket);

  props.projectionWorker.addEnvironment('WEBSOCKET_ENDPOINT', endpoint);
  props.projectionWorker.addEnvironment('CONNECTIONS_TABLE', tables.connections.tableName);
  // A push to a socket of a context the deployment no longer has closes it (UNKNOWN_CONTEXT).
  props.projectionWorker.addEnvironment('CAIRN_CONTEXTS', props.contexts);
  tables.connections.grantReadWriteData(props.projectionWorker);
  stage.grantManagementApiAccess(props.projectionWorker);
  return { api, url: stage.url };
};
