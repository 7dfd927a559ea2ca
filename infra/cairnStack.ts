import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { WebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { QUEUE_MAX_RECEIVES } from '#application/limits';
import { parseDuration } from '#core/duration';
import { cairnCompute, WORKER_TIMEOUT } from './cairnCompute';
import { type CairnStackProps, DEFAULT_ARCHIVE_AFTER } from './cairnStackProps';
import { DeadlineSchedules } from './constructs/deadlineSchedules';
import { FifoQueueWithDlq } from './constructs/fifoQueueWithDlq';
import { CairnTables } from './constructs/tables';

export type { CairnStackProps } from './cairnStackProps';

/**
 * One Cairn deployment (or one region of a deployment over three): the event store and its
 * stream, the snapshots, the FIFO command, projection and process queues, the integration bus,
 * read models, process managers' state and the schedule group of their deadlines, the context
 * catalog, and (cairnCompute.ts) the REST and WebSocket APIs and the functions between them, each
 * granted exactly what it uses.
 */
export class CairnStack extends Stack {
  /** Constructs whose grant-generated wildcards the cdk-nag acknowledgements name. */
  readonly nagSubjects: {
    webSocketApi?: WebSocketApi;
    consoleBucket?: Bucket;
    stageName: string;
    viewsTable: Table;
    scheduleGroupName: string;
  };

  constructor(scope: Construct, id: string, props: CairnStackProps) {
    super(scope, id, props);
    const archiveAfter = props.archiveAfter ?? DEFAULT_ARCHIVE_AFTER;
    try {
      parseDuration(archiveAfter);
    } catch (error) {
      throw new Error(`-c archiveAfter=${archiveAfter}: ${(error as Error).message}`);
    }
    // Tables and log groups outlive the stack unless the deployment says otherwise.
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const tables = new CairnTables(this, 'Tables', { removalPolicy, globalEvents: props.globalEvents });
    const queue = (queueId: string) =>
      new FifoQueueWithDlq(this, queueId, {
        maxReceiveCount: QUEUE_MAX_RECEIVES,
        visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      });
    const commandQueue = queue('CommandQueue');
    const projectionQueue = queue('ProjectionQueue');
    // Process managers' events and fired deadlines. EventBridge Scheduler sets no deduplication
    // id: the queue deduplicates by content (the publisher's explicit ids still win).
    const processQueue = new FifoQueueWithDlq(this, 'ProcessQueue', {
      maxReceiveCount: QUEUE_MAX_RECEIVES,
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      contentBasedDeduplication: true,
    });
    const deadlines = new DeadlineSchedules(this, 'Deadlines', { processQueue: processQueue.queue });
    this.nagSubjects = {
      stageName: props.stage,
      viewsTable: tables.views,
      scheduleGroupName: deadlines.group.scheduleGroupName,
    };
    const bus = new EventBus(this, 'Bus', { eventBusName: `cairn-${props.stage}` });
    // Every name, so that handlers run elsewhere (the local runtime, cli/deployLocalStack.ts) find them.
    const outputs = {
      EventBusName: bus.eventBusName,
      EventsTableName: tables.events.tableName,
      CommandsTableName: tables.commands.tableName,
      ViewsTableName: tables.views.tableName,
      ConnectionsTableName: tables.connections.tableName,
      SnapshotsTableName: tables.snapshots.tableName,
      ContextsTableName: tables.contexts.tableName,
      CommandQueueUrl: commandQueue.queue.queueUrl,
      ProjectionQueueUrl: projectionQueue.queue.queueUrl,
      ProjectionDeadLetterQueueUrl: projectionQueue.deadLetterQueue.queueUrl,
      ProcessesTableName: tables.processes.tableName,
      ProcessQueueUrl: processQueue.queue.queueUrl,
      ProcessQueueArn: processQueue.queue.queueArn,
      ProcessDeadLetterQueueUrl: processQueue.deadLetterQueue.queueUrl,
      ScheduleGroupName: deadlines.group.scheduleGroupName,
      SchedulerRoleArn: deadlines.role.roleArn,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
    if (props.functions) {
      const data = { tables, commandQueue, projectionQueue, processQueue, deadlines, bus, removalPolicy };
      Object.assign(this.nagSubjects, cairnCompute(this, { ...props, archiveAfter }, data));
    }
  }
}
