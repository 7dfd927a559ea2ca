import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LIMITS } from '../../shared/application/limits';
import type { CorsOrigins } from '../../shared/http/cors';
import type { CairnFunction } from './cairnFunction';
import { addGatewayResponses, preflightOptions } from './restCors';

/** How long API Gateway reuses an authorizer's answer for one token: a token is honoured at most this long past its expiry. */
const AUTHORIZER_CACHE = Duration.seconds(60);

export interface CairnRestApiProps {
  stage: string;
  corsOrigins: CorsOrigins;
  handlers: { commandHttp: CairnFunction; query: CairnFunction; admin: CairnFunction; authorizer: CairnFunction };
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * The REST API: `/health` open, every other route behind the TOKEN authorizer; views to the query
 * function, the `_admin` area (the context catalog) to the admin function, the rest to the command
 * function; throttled, traced, access-logged, with CORS
 * preflights and gateway responses in Cairn's error shape.
 */
export const cairnRestApi = (scope: Construct, props: CairnRestApiProps): RestApi => {
  const { handlers, corsOrigins } = props;
  const accessLogs = new LogGroup(scope, 'RestAccessLogs', {
    retention: props.logRetention,
    removalPolicy: props.removalPolicy,
  });
  const api = new RestApi(scope, 'RestApi', {
    restApiName: `cairn-${props.stage}`,
    cloudWatchRole: true,
    deployOptions: {
      stageName: props.stage,
      throttlingRateLimit: LIMITS.requestsPerSecond,
      throttlingBurstLimit: LIMITS.requestBurst,
      loggingLevel: MethodLoggingLevel.ERROR,
      tracingEnabled: true,
      accessLogDestination: new LogGroupLogDestination(accessLogs),
      accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
    },
    defaultCorsPreflightOptions: preflightOptions(corsOrigins),
  });
  const commands = new LambdaIntegration(handlers.commandHttp);
  const views = new LambdaIntegration(handlers.query);
  const admin = new LambdaIntegration(handlers.admin);
  const secured = {
    authorizationType: AuthorizationType.CUSTOM,
    authorizer: new TokenAuthorizer(scope, 'RestAuthorizer', {
      handler: handlers.authorizer,
      identitySource: IdentitySource.header('Authorization'),
      validationRegex: '^Bearer [-0-9A-Za-z._~+/=]+$',
      resultsCacheTtl: AUTHORIZER_CACHE,
    }),
  };
  api.root.addResource('health').addMethod('GET', commands);
  const v1 = api.root.addResource('v1');
  // `_admin` is no context name (they start with a letter or digit), and API Gateway matches the
  // static segment before `{context}`. Who may use it is the admin function's check (the token's grants).
  const contexts = v1.addResource('_admin').addResource('contexts');
  contexts.addMethod('GET', admin, secured);
  contexts.addMethod('POST', admin, secured);
  contexts.addResource('{name}').addMethod('DELETE', admin, secured);
  const context = v1.addResource('{context}');
  const commandsResource = context.addResource('commands');
  commandsResource.addMethod('POST', commands, secured);
  commandsResource.addResource('{commandId}').addMethod('GET', commands, secured);
  context
    .addResource('aggregates')
    .addResource('{aggregateType}')
    .addResource('{aggregateId}')
    .addResource('events')
    .addMethod('GET', commands, secured);
  context.addResource('views').addResource('{projection}').addResource('{key}').addMethod('GET', views, secured);
  addGatewayResponses(api, corsOrigins);
  return api;
};
