import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { WebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { parseCorsOrigins } from '../shared/http/cors';
import { CairnFunction } from './constructs/cairnFunction';
import { cairnRestApi } from './constructs/cairnRestApi';
import { cairnWebSocketApi } from './constructs/cairnWebSocketApi';
import { FifoQueueWithDlq } from './constructs/fifoQueueWithDlq';
import { corsEnvironment } from './constructs/restCors';
import { CairnTables, type GlobalEvents } from './constructs/tables';
import { tokenVerification } from './constructs/tokenVerification';

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
  /**
   * A deployment over three regions (`-c regions=…`), one stack per region: the events table is a
   * global table with multi-region strong consistency, the other tables are this region's own.
   */
  globalEvents?: GlobalEvents;
}

/** Tables and log groups outlive the stack unless the deployment says otherwise. */
const removalPolicyOf = (props: CairnStackProps): RemovalPolicy =>
  props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

/** The projection worker dead-letters on this receive (with the error); SQS redrives at 5 as a backstop. */
const QUEUE_MAX_RECEIVES = 5;

/**
 * One Cairn deployment (or one region of a deployment over three): the event store and its
 * stream, the snapshots, the FIFO command and projection queues, the integration bus, read models,
 * the REST and WebSocket APIs, and the functions between them, each granted exactly what it uses.
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

    const tables = new CairnTables(this, 'Tables', { removalPolicy, globalEvents: props.globalEvents });
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
    new CfnOutput(this, 'SnapshotsTableName', { value: tables.snapshots.tableName });
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
      SNAPSHOTS_TABLE: tables.snapshots.tableName,
      COMMAND_QUEUE_URL: commandQueue.queue.queueUrl,
    };

    // Commands over REST, and the worker of async commands. They read snapshots; the publisher writes them.
    const commandHttp = fn('CommandHttp', 'functions/command/http.ts', { ...commandSide, ...restEnvironment });
    tables.events.grantReadWriteData(commandHttp);
    tables.commands.grantReadWriteData(commandHttp);
    tables.snapshots.grantReadData(commandHttp);
    commandQueue.queue.grantSendMessages(commandHttp);

    const commandWorker = fn('CommandWorker', 'functions/command/worker.ts', commandSide, workerTimeout);
    tables.events.grantReadWriteData(commandWorker);
    tables.commands.grantReadWriteData(commandWorker);
    tables.snapshots.grantReadData(commandWorker);
    commandWorker.addEventSource(
      new SqsEventSource(commandQueue.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );

    // The stream publisher: the events table's stream (this region's replica's) → projection queue +
    // bus; and, off the command's critical path, each commit's command record into the commands
    // table and snapshots of the aggregates it loads from the events table.
    const streamFailures = new Queue(this, 'StreamFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const publisher = fn('Publisher', 'functions/projection/publisher.ts', {
      PROJECTION_QUEUE_URL: projectionQueue.queue.queueUrl,
      EVENT_BUS_NAME: bus.eventBusName,
      EVENTS_TABLE: tables.events.tableName,
      COMMANDS_TABLE: tables.commands.tableName,
      SNAPSHOTS_TABLE: tables.snapshots.tableName,
    });
    projectionQueue.queue.grantSendMessages(publisher);
    bus.grantPutEventsTo(publisher);
    tables.events.grantReadData(publisher);
    tables.commands.grantWriteData(publisher);
    tables.snapshots.grantReadWriteData(publisher);
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

    const verifiesTokens = tokenVerification(this, props, removalPolicy);
    // The one authorizer of both APIs; there is no switch to turn it off in the stack.
    const authorizer = fn('Authorizer', 'functions/auth/authorizer.ts', {}, Duration.seconds(10));
    verifiesTokens(authorizer);
    const rest = cairnRestApi(this, {
      stage: props.stage,
      corsOrigins: parseCorsOrigins(props.corsOrigin),
      handlers: { commandHttp, query, authorizer },
      logRetention,
      removalPolicy,
    });
    let webSocketUrl: string | undefined;
    if (props.websocket) {
      const live = cairnWebSocketApi(this, {
        stage: props.stage,
        contexts: props.contexts,
        tables,
        commandQueue: commandQueue.queue,
        projectionWorker,
        commandSide,
        fn,
        authorizer,
        verifiesTokens,
        logRetention,
        removalPolicy,
      });
      this.nagSubjects.webSocketApi = live.api;
      webSocketUrl = live.url;
    }

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
}
