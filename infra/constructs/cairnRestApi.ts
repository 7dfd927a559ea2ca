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
import { LIMITS } from '#application/limits';
import type { CorsOrigins } from '#http/corsPolicy';
import { REST_ROUTES, type RestHandlerName } from '#http/routes';
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
 * The REST API: `/health`, `/openapi.json` and `/asyncapi.json` open, every other route behind the
 * TOKEN authorizer; views to the query function, the `_admin` area (the context catalog) to the admin
 * function, the rest to the command function; throttled, traced, access-logged, with CORS
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
  // One invoke permission per function for this API, not two per method: with HEAD and ANY on
  // every resource the per-method statements (34 for the command function) approach the 20 KB
  // limit of a function's resource policy. The API invokes a function only where it integrates it.
  const integrate = (fn: CairnFunction) => new LambdaIntegration(fn, { scopePermissionToMethod: false });
  const integrations: Record<RestHandlerName, LambdaIntegration> = {
    commandApi: integrate(handlers.commandHttp),
    queryApi: integrate(handlers.query),
    adminApi: integrate(handlers.admin),
  };
  const secured = {
    authorizationType: AuthorizationType.CUSTOM,
    authorizer: new TokenAuthorizer(scope, 'RestAuthorizer', {
      handler: handlers.authorizer,
      identitySource: IdentitySource.header('Authorization'),
      validationRegex: '^Bearer [-0-9A-Za-z._~+/=]+$',
      resultsCacheTtl: AUTHORIZER_CACHE,
    }),
  };
  // The route table the local gateway dispatches by, resource by resource. `_admin` is no context
  // name (they start with a letter or digit), and API Gateway matches a static segment before
  // `{context}`; who may use the area is the admin function's check (the token's grants).
  // Each resource also gets ANY, to the same function behind the same authorizer: API Gateway
  // matches an explicit method (HEAD included, and the CORS OPTIONS) before ANY, so ANY sees only
  // the methods the route lacks, which the handler answers 405 with `Allow` (without it they would
  // be the MISSING_AUTHENTICATION_TOKEN gateway response, a 404).
  for (const route of REST_ROUTES.filter((candidate) => candidate.deployed)) {
    const resource = api.root.resourceForPath(route.path);
    for (const method of [...route.methods, 'ANY']) {
      resource.addMethod(method, integrations[route.handler], route.authorized ? secured : undefined);
    }
  }
  addGatewayResponses(api, corsOrigins);
  return api;
};
