import { CfnOutput, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { WebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { parseCorsOrigins } from '#http/corsPolicy';
import { ENV } from '#runtime/environment';
import { type CairnStackProps, DEFAULT_ARCHIVE_AFTER } from './cairnStackProps';
import { CairnFunction } from './constructs/cairnFunction';
import { cairnRestApi } from './constructs/cairnRestApi';
import { cairnWebSocketApi } from './constructs/cairnWebSocketApi';
import { ConsoleSite } from './constructs/consoleSite';
import type { DeadlineSchedules } from './constructs/deadlineSchedules';
import type { FifoQueueWithDlq } from './constructs/fifoQueueWithDlq';
import { corsOriginsValue } from './constructs/restCors';
import type { CairnTables } from './constructs/tables';
import { tokenVerification } from './constructs/tokenVerification';
import { processWorkerOf } from './processWorker';

/** The workers' timeout; the queues' visibility timeout is six times it (AWS's advice for SQS event sources). */
export const WORKER_TIMEOUT = Duration.seconds(30);

/** What the functions use: the stack's data plane, and whether logs and the secret outlive the stack as it does. */
export interface DataPlane {
  tables: CairnTables;
  commandQueue: FifoQueueWithDlq;
  projectionQueue: FifoQueueWithDlq;
  /** Process managers' queue (content-deduplicated) and the schedule group and role of their deadlines. */
  processQueue: FifoQueueWithDlq;
  deadlines: DeadlineSchedules;
  bus: EventBus;
  removalPolicy: RemovalPolicy;
}

/**
 * The functions, their event sources, the REST and WebSocket APIs and the function alarms. Each
 * function is given each resource it uses with the variable that names it and the grant, in one
 * call (CairnFunction); nothing else. Returns what the cdk-nag acknowledgements name: the WebSocket API, the console's bucket.
 */
export const cairnCompute = (
  scope: Construct,
  props: CairnStackProps,
  data: DataPlane,
): { webSocketApi?: WebSocketApi; consoleBucket?: Bucket } => {
  const { tables, commandQueue, projectionQueue, processQueue, bus, removalPolicy } = data;
  const logRetention = props.logRetentionDays as RetentionDays;
  const fn = (id: string, entry: string, timeout = Duration.seconds(20)) =>
    new CairnFunction(scope, id, { entry, logRetention, logRemovalPolicy: removalPolicy, timeout });
  const corsOrigins = parseCorsOrigins(props.corsOrigin);

  /** Whatever runs commands: events and command records read and written; snapshots read, never written (the publisher writes them). */
  const runsCommands = (f: CairnFunction) =>
    f
      .uses(tables.events, ENV.eventsTable, 'readWrite')
      .uses(tables.commands, ENV.commandsTable, 'readWrite')
      .uses(tables.snapshots, ENV.snapshotsTable, 'read');
  /** Whatever serves a context asks the catalog (read, cached briefly), seeded by the deployment's list. */
  const checksContexts = (f: CairnFunction) =>
    f.uses(tables.contexts, ENV.contextsTable, 'read').sets(ENV.contexts, props.contexts);
  // The REST functions put the CORS headers on their answers (proxy integration): same list as the preflight.
  const answersRest = (f: CairnFunction) => f.sets(ENV.corsOrigins, corsOriginsValue(corsOrigins));

  // Commands over REST, and the worker of async commands.
  const commandHttp = answersRest(
    checksContexts(runsCommands(fn('CommandHttp', 'functions/command/commandApi.lambda.ts'))),
  );
  commandHttp.sendsTo(commandQueue.queue, ENV.commandQueueUrl);
  // The worker runs what the command API accepted (and checked the context of): it asks no catalog.
  const commandWorker = runsCommands(fn('CommandWorker', 'functions/command/commandWorker.lambda.ts', WORKER_TIMEOUT));
  // Its adapters build the command queue from the URL, but it only receives (the event source's grant): no send grant.
  commandWorker.sets(ENV.commandQueueUrl, commandQueue.queue.queueUrl);
  commandWorker.addEventSource(
    new SqsEventSource(commandQueue.queue, { batchSize: 10, reportBatchItemFailures: true }),
  );

  // The stream publisher: the events table's stream (this region's replica's) → projection queue +
  // bus; and, off the command's critical path, each commit's command record into the commands
  // table (written, never read) and snapshots of the aggregates it loads from the events table.
  const streamFailures = new Queue(scope, 'StreamFailures', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const publisher = fn('Publisher', 'functions/projection/streamPublisher.lambda.ts')
    .sendsTo(projectionQueue.queue, ENV.projectionQueueUrl)
    .sendsTo(processQueue.queue, ENV.processQueueUrl)
    .publishesTo(bus, ENV.eventBusName)
    .uses(tables.events, ENV.eventsTable, 'read')
    .uses(tables.commands, ENV.commandsTable, 'write')
    .uses(tables.snapshots, ENV.snapshotsTable, 'readWrite');
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

  // The projection worker (it reads events to heal gaps, and dead-letters poison events itself) and the query function.
  const projectionWorker = fn('ProjectionWorker', 'functions/projection/projectionWorker.lambda.ts', WORKER_TIMEOUT)
    .uses(tables.events, ENV.eventsTable, 'read')
    .uses(tables.views, ENV.viewsTable, 'readWrite')
    .sendsTo(projectionQueue.deadLetterQueue, ENV.projectionDlqUrl);
  projectionWorker.addEventSource(
    new SqsEventSource(projectionQueue.queue, { batchSize: 10, reportBatchItemFailures: true }),
  );

  // The process worker (processWorker.ts): process managers' state, events, commands, deadlines.
  const processWorker = processWorkerOf(
    fn('ProcessWorker', 'functions/process/processWorker.lambda.ts', WORKER_TIMEOUT),
    data,
    props.archiveAfter ?? DEFAULT_ARCHIVE_AFTER,
  );
  const query = answersRest(
    checksContexts(fn('Query', 'functions/projection/queryApi.lambda.ts').uses(tables.views, ENV.viewsTable, 'read')),
  );

  // The `_admin` area (the catalog, seeded by the deployment's list) and a context's operator routes:
  // positions (events, views), the generation switch (views), processes, dead letters redriven.
  const admin = answersRest(
    fn('AdminApi', 'functions/admin/adminApi.lambda.ts')
      .uses(tables.contexts, ENV.contextsTable, 'readWrite')
      .sets(ENV.contexts, props.contexts)
      .uses(tables.events, ENV.eventsTable, 'read')
      .uses(tables.views, ENV.viewsTable, 'readWrite')
      .uses(tables.processes, ENV.processesTable, 'read')
      .redrives(projectionQueue.deadLetterQueue, ENV.projectionDlqUrl, projectionQueue.queue, ENV.projectionQueueUrl)
      .redrives(processQueue.deadLetterQueue, ENV.processDlqUrl, processQueue.queue, ENV.processQueueUrl),
  );

  const verifiesTokens = tokenVerification(scope, props, removalPolicy);
  // The one authorizer of both APIs; there is no switch to turn it off in the stack.
  const authorizer = fn('Authorizer', 'functions/auth/authorizer.lambda.ts', Duration.seconds(10));
  verifiesTokens(authorizer);
  const rest = cairnRestApi(scope, {
    stage: props.stage,
    corsOrigins,
    handlers: { commandHttp, query, admin, authorizer },
    logRetention,
    removalPolicy,
  });
  new CfnOutput(scope, 'RestApiUrl', { value: rest.url });

  let webSocketApi: WebSocketApi | undefined;
  let webSocketUrl: string | undefined;
  if (props.websocket) {
    // It runs commands (the `command` frame) like the command function, and reads views to answer subscriptions.
    const websocket = checksContexts(runsCommands(fn('WebSocket', 'functions/websocket/websocketApi.lambda.ts')))
      .sendsTo(commandQueue.queue, ENV.commandQueueUrl)
      .uses(tables.views, ENV.viewsTable, 'read');
    // The authorizer sees $connect only: the function verifies an `authenticate` frame's token itself.
    verifiesTokens(websocket);
    // A push to a socket of a context that is retired closes it (UNKNOWN_CONTEXT).
    checksContexts(projectionWorker);
    const live = cairnWebSocketApi(scope, {
      stage: props.stage,
      handler: websocket,
      authorizer,
      connections: tables.connections,
      pushers: [projectionWorker],
      logRetention,
      removalPolicy,
    });
    webSocketApi = live.api;
    webSocketUrl = live.url;
    new CfnOutput(scope, 'WebSocketUrl', { value: live.url });
  }
  // The console, a static site configured with the two APIs' URLs; the operator brings a token.
  const site =
    props.consoleSite !== false && new ConsoleSite(scope, 'Console', { apiUrl: rest.url, webSocketUrl, removalPolicy });
  if (site) new CfnOutput(scope, 'ConsoleUrl', { value: site.url });

  const alarmed = { commandHttp, commandWorker, publisher, projectionWorker, processWorker, query, admin, authorizer };
  for (const [name, handler] of Object.entries(alarmed)) {
    new Alarm(scope, `${name}Errors`, {
      alarmDescription: `${name} failed invocations`,
      metric: handler.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
  new Alarm(scope, 'StreamFailuresAlarm', {
    alarmDescription: 'Stream batches the publisher gave up on',
    metric: streamFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
    threshold: 1,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  return { webSocketApi, consoleBucket: site ? site.bucket : undefined };
};
