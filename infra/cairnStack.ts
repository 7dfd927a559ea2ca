import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
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
import { type CfnStage, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ACTIONS } from '../shared/application/socketFrames';
import { parseCorsOrigins } from '../shared/http/cors';
import { CairnFunction } from './constructs/cairnFunction';
import { FifoQueueWithDlq } from './constructs/fifoQueueWithDlq';
import { addGatewayResponses, corsEnvironment, preflightOptions } from './constructs/restCors';
import { CairnTables } from './constructs/tables';

export interface CairnStackProps extends StackProps {
  stage: string;
  logRetentionDays: number;
  /** Keep the tables (and logs) when the stack is destroyed. */
  retainData: boolean;
  /** Off only for LocalStack's open-source edition, which has no WebSocket API. */
  websocket: boolean;
  /**
   * Off only for an emulator that cannot create Lambda functions (LocalStack without Docker): the
   * stack is then the data plane alone (tables, queues, bus, dead-letter alarms), and handlers run
   * elsewhere against its outputs. Never off for AWS.
   */
  functions: boolean;
  /** `*`, or the comma-separated origins whose pages may call the REST API (`-c corsOrigin=…`). */
  corsOrigin: string;
  /** Comma-separated contexts that exist (`CAIRN_CONTEXTS`), or `*`. */
  contexts: string;
  /** The HS256 token secret's complete ARN; without it the stack creates one (output JwtSecretArn). */
  jwtSecretArn?: string;
  /** An OIDC issuer (Cognito or other) whose tokens are accepted too, with the audience they must carry. */
  oidc?: { issuer: string; audience: string };
  /** The longest token lifetime accepted, in seconds (`CAIRN_TOKEN_MAX_LIFETIME`); 24 h without it. */
  tokenMaxLifetimeSeconds?: number;
}

/** How long API Gateway reuses an authorizer's answer for one token: a token is honoured at most this long past its expiry. */
const AUTHORIZER_CACHE = Duration.seconds(60);

/** Tables and log groups outlive the stack unless the deployment says otherwise. */
const removalPolicyOf = (props: CairnStackProps): RemovalPolicy =>
  props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

/** The projection worker dead-letters on this receive (with the error); SQS redrives at 5 as a backstop. */
const QUEUE_MAX_RECEIVES = 5;

/**
 * One Cairn deployment: the event store and its stream, the FIFO command and projection queues,
 * the integration bus, read models, the REST and WebSocket APIs, and the functions between them,
 * each granted exactly what it uses.
 */
export class CairnStack extends Stack {
  /** Constructs whose grant-generated wildcards the cdk-nag acknowledgements name. */
  readonly nagSubjects: { webSocketApi?: WebSocketApi; stageName: string };

  constructor(scope: Construct, id: string, props: CairnStackProps) {
    super(scope, id, props);
    const removalPolicy = removalPolicyOf(props);
    const logRetention = props.logRetentionDays as RetentionDays;
    const fn = (name: string, entry: string, environment: Record<string, string>, timeout = Duration.seconds(20)) =>
      new CairnFunction(this, name, { entry, environment, logRetention, logRemovalPolicy: removalPolicy, timeout });

    const tables = new CairnTables(this, 'Tables', { removalPolicy });
    this.nagSubjects = { stageName: props.stage };
    const workerTimeout = Duration.seconds(30);
    const commandQueue = new FifoQueueWithDlq(this, 'CommandQueue', {
      maxReceiveCount: QUEUE_MAX_RECEIVES,
      visibilityTimeout: Duration.seconds(workerTimeout.toSeconds() * 6),
    });
    const projectionQueue = new FifoQueueWithDlq(this, 'ProjectionQueue', {
      maxReceiveCount: QUEUE_MAX_RECEIVES,
      visibilityTimeout: Duration.seconds(workerTimeout.toSeconds() * 6),
    });
    const bus = new EventBus(this, 'Bus', { eventBusName: `cairn-${props.stage}` });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'EventsTableName', { value: tables.events.tableName });
    new CfnOutput(this, 'CommandsTableName', { value: tables.commands.tableName });
    new CfnOutput(this, 'ViewsTableName', { value: tables.views.tableName });
    new CfnOutput(this, 'ConnectionsTableName', { value: tables.connections.tableName });
    new CfnOutput(this, 'CommandQueueUrl', { value: commandQueue.queue.queueUrl });
    new CfnOutput(this, 'ProjectionQueueUrl', { value: projectionQueue.queue.queueUrl });
    new CfnOutput(this, 'ProjectionDeadLetterQueueUrl', { value: projectionQueue.deadLetterQueue.queueUrl });
    if (props.functions) this.compute(props, { tables, commandQueue, projectionQueue, bus, fn, workerTimeout });
  }

  /** The functions, their event sources, the APIs and the function alarms. */
  private compute(
    props: CairnStackProps,
    deps: {
      tables: CairnTables;
      commandQueue: FifoQueueWithDlq;
      projectionQueue: FifoQueueWithDlq;
      bus: EventBus;
      fn: (name: string, entry: string, environment: Record<string, string>, timeout?: Duration) => CairnFunction;
      workerTimeout: Duration;
    },
  ): void {
    const { tables, commandQueue, projectionQueue, bus, fn, workerTimeout } = deps;
    const removalPolicy = removalPolicyOf(props);
    const logRetention = props.logRetentionDays as RetentionDays;
    const contexts = { CAIRN_CONTEXTS: props.contexts };
    // The REST functions put the CORS headers on their answers (proxy integration): same list as the preflight.
    const restEnvironment = { ...contexts, ...corsEnvironment(parseCorsOrigins(props.corsOrigin)) };
    const commandSide = {
      EVENTS_TABLE: tables.events.tableName,
      COMMANDS_TABLE: tables.commands.tableName,
      COMMAND_QUEUE_URL: commandQueue.queue.queueUrl,
    };

    // Commands over REST, and the worker of async commands.
    const commandHttp = fn('CommandHttp', 'functions/command/http.ts', { ...commandSide, ...restEnvironment });
    tables.events.grantReadWriteData(commandHttp);
    tables.commands.grantReadWriteData(commandHttp);
    commandQueue.queue.grantSendMessages(commandHttp);

    const commandWorker = fn('CommandWorker', 'functions/command/worker.ts', commandSide, workerTimeout);
    tables.events.grantReadWriteData(commandWorker);
    tables.commands.grantReadWriteData(commandWorker);
    commandWorker.addEventSource(
      new SqsEventSource(commandQueue.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );

    // The stream publisher: the events table's stream → projection queue + bus.
    const streamFailures = new Queue(this, 'StreamFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const publisher = fn('Publisher', 'functions/projection/publisher.ts', {
      PROJECTION_QUEUE_URL: projectionQueue.queue.queueUrl,
      EVENT_BUS_NAME: bus.eventBusName,
    });
    projectionQueue.queue.grantSendMessages(publisher);
    bus.grantPutEventsTo(publisher);
    publisher.addEventSource(
      new DynamoEventSource(tables.events, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(streamFailures),
      }),
    );

    // The projection worker (and, with the WebSocket API, the pusher) and the query function.
    const projectionWorker = fn(
      'ProjectionWorker',
      'functions/projection/worker.ts',
      {
        EVENTS_TABLE: tables.events.tableName,
        VIEWS_TABLE: tables.views.tableName,
        PROJECTION_DLQ_URL: projectionQueue.deadLetterQueue.queueUrl,
      },
      workerTimeout,
    );
    tables.events.grantReadData(projectionWorker);
    tables.views.grantReadWriteData(projectionWorker);
    projectionQueue.deadLetterQueue.grantSendMessages(projectionWorker);
    projectionWorker.addEventSource(
      new SqsEventSource(projectionQueue.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );

    const query = fn('Query', 'functions/projection/query.ts', {
      VIEWS_TABLE: tables.views.tableName,
      ...restEnvironment,
    });
    tables.views.grantReadData(query);

    const verifiesTokens = this.tokenVerification(props, removalPolicy);
    const authorizer = this.authorizer(fn, verifiesTokens);
    const rest = this.restApi(props, { commandHttp, query, authorizer }, logRetention, removalPolicy);
    const webSocketUrl = props.websocket
      ? this.webSocketApi(props, {
          tables,
          commandQueue: commandQueue.queue,
          projectionWorker,
          commandSide,
          fn,
          authorizer,
          verifiesTokens,
        })
      : undefined;

    for (const [name, handler] of Object.entries({
      commandHttp,
      commandWorker,
      publisher,
      projectionWorker,
      query,
      authorizer,
    })) {
      new Alarm(this, `${name}Errors`, {
        alarmDescription: `${name} failed invocations`,
        metric: handler.metricErrors({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    new Alarm(this, 'StreamFailuresAlarm', {
      alarmDescription: 'Stream batches the publisher gave up on',
      metric: streamFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    new CfnOutput(this, 'RestApiUrl', { value: rest.url });
    if (webSocketUrl) new CfnOutput(this, 'WebSocketUrl', { value: webSocketUrl });
  }

  /**
   * What verifying tokens takes: the HS256 secret (Secrets Manager) and, if configured, an OIDC
   * issuer and the lifetime cap. Returns the one call that gives a function both the environment
   * (read by shared/runtime/tokenVerifierFromEnv.ts) and the grant to read the secret.
   */
  private tokenVerification(props: CairnStackProps, removalPolicy: RemovalPolicy): (fn: CairnFunction) => void {
    const secret = props.jwtSecretArn
      ? Secret.fromSecretCompleteArn(this, 'JwtSecret', props.jwtSecretArn)
      : new Secret(this, 'JwtSecret', {
          description: `Cairn ${props.stage}: the HS256 key that signs access tokens`,
          generateSecretString: { passwordLength: 64, excludePunctuation: true },
          removalPolicy,
        });
    new CfnOutput(this, 'JwtSecretArn', { value: secret.secretArn });
    const environment = {
      JWT_SECRET_ARN: secret.secretArn,
      ...(props.oidc ? { OIDC_ISSUER: props.oidc.issuer, OIDC_AUDIENCE: props.oidc.audience } : {}),
      ...(props.tokenMaxLifetimeSeconds ? { CAIRN_TOKEN_MAX_LIFETIME: String(props.tokenMaxLifetimeSeconds) } : {}),
    };
    return (fn) => {
      for (const [name, value] of Object.entries(environment)) fn.addEnvironment(name, value);
      secret.grantRead(fn);
    };
  }

  /**
   * The one authorizer of both APIs: verifies HS256 tokens with the secret (Secrets Manager) and,
   * if configured, an OIDC issuer's. There is no switch to turn it off in the stack.
   */
  private authorizer(
    fn: (name: string, entry: string, environment: Record<string, string>, timeout?: Duration) => CairnFunction,
    verifiesTokens: (fn: CairnFunction) => void,
  ): CairnFunction {
    const authorizer = fn('Authorizer', 'functions/auth/authorizer.ts', {}, Duration.seconds(10));
    verifiesTokens(authorizer);
    return authorizer;
  }

  private restApi(
    props: CairnStackProps,
    handlers: { commandHttp: CairnFunction; query: CairnFunction; authorizer: CairnFunction },
    retention: RetentionDays,
    removalPolicy: RemovalPolicy,
  ): RestApi {
    const corsOrigins = parseCorsOrigins(props.corsOrigin);
    const accessLogs = new LogGroup(this, 'RestAccessLogs', { retention, removalPolicy });
    const api = new RestApi(this, 'RestApi', {
      restApiName: `cairn-${props.stage}`,
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stage,
        throttlingRateLimit: 500,
        throttlingBurstLimit: 1000,
        loggingLevel: MethodLoggingLevel.ERROR,
        tracingEnabled: true,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
      },
      defaultCorsPreflightOptions: preflightOptions(corsOrigins),
    });
    const commands = new LambdaIntegration(handlers.commandHttp);
    const views = new LambdaIntegration(handlers.query);
    const secured = {
      authorizationType: AuthorizationType.CUSTOM,
      authorizer: new TokenAuthorizer(this, 'RestAuthorizer', {
        handler: handlers.authorizer,
        identitySource: IdentitySource.header('Authorization'),
        validationRegex: '^Bearer [-0-9A-Za-z._~+/=]+$',
        resultsCacheTtl: AUTHORIZER_CACHE,
      }),
    };
    api.root.addResource('health').addMethod('GET', commands);
    const context = api.root.addResource('v1').addResource('{context}');
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
  }

  private webSocketApi(
    props: CairnStackProps,
    deps: {
      tables: CairnTables;
      commandQueue: Queue;
      projectionWorker: CairnFunction;
      commandSide: Record<string, string>;
      fn: (name: string, entry: string, environment: Record<string, string>) => CairnFunction;
      authorizer: CairnFunction;
      verifiesTokens: (fn: CairnFunction) => void;
    },
  ): string {
    const { tables } = deps;
    const websocket = deps.fn('WebSocket', 'functions/websocket/handler.ts', {
      ...deps.commandSide,
      VIEWS_TABLE: tables.views.tableName,
      CONNECTIONS_TABLE: tables.connections.tableName,
      CAIRN_CONTEXTS: props.contexts,
    });
    const integration = new WebSocketLambdaIntegration('WebSocketIntegration', websocket);
    const api = new WebSocketApi(this, 'WebSocketApi', {
      apiName: `cairn-${props.stage}-live`,
      routeSelectionExpression: '$request.body.action',
      // Browsers send the token as `Sec-WebSocket-Protocol: cairn, <token>` (kept out of URLs and logs).
      connectRouteOptions: {
        integration,
        authorizer: new WebSocketLambdaAuthorizer('ConnectAuthorizer', deps.authorizer, {
          identitySource: ['route.request.header.Sec-WebSocket-Protocol'],
        }),
      },
      disconnectRouteOptions: { integration },
      defaultRouteOptions: { integration },
    });
    for (const action of ACTIONS) api.addRoute(action, { integration });
    this.nagSubjects.webSocketApi = api;
    const stage = new WebSocketStage(this, 'WebSocketStage', {
      webSocketApi: api,
      stageName: props.stage,
      autoDeploy: true,
      throttle: { rateLimit: 500, burstLimit: 1000 },
    });
    const accessLogs = new LogGroup(this, 'WebSocketAccessLogs', {
      retention: props.logRetentionDays as RetentionDays,
      removalPolicy: removalPolicyOf(props),
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
    deps.commandQueue.grantSendMessages(websocket);
    tables.views.grantReadData(websocket);
    tables.connections.grantReadWriteData(websocket);
    stage.grantManagementApiAccess(websocket);
    // The authorizer sees $connect only: the function verifies an `authenticate` frame's token itself.
    deps.verifiesTokens(websocket);

    deps.projectionWorker.addEnvironment('WEBSOCKET_ENDPOINT', endpoint);
    deps.projectionWorker.addEnvironment('CONNECTIONS_TABLE', tables.connections.tableName);
    // A push to a socket of a context the deployment no longer has closes it (UNKNOWN_CONTEXT).
    deps.projectionWorker.addEnvironment('CAIRN_CONTEXTS', props.contexts);
    tables.connections.grantReadWriteData(deps.projectionWorker);
    stage.grantManagementApiAccess(deps.projectionWorker);
    return stage.url;
  }
}
