import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ManagementApiPusher, managementApiClient } from '#adapters/apigateway/managementApiPusher';
import { createDocumentClient } from '#adapters/dynamodb/documentClient';
import { DynamoCommandLedger } from '#adapters/dynamodb/dynamoCommandLedger';
import { DynamoConnectionRegistry } from '#adapters/dynamodb/dynamoConnectionRegistry';
import { DynamoEventStore } from '#adapters/dynamodb/dynamoEventStore';
import { DynamoReadModelStore } from '#adapters/dynamodb/dynamoReadModelStore';
import { DynamoSnapshotStore } from '#adapters/dynamodb/dynamoSnapshotStore';
import { EventBridgeBus } from '#adapters/eventbridge/eventBridgeBus';
import { EventBridgeDeadlineScheduler } from '#adapters/scheduler/eventBridgeDeadlineScheduler';
import { SqsFifoQueue } from '#adapters/sqs/sqsFifoQueue';
import { type CairnAdapters, lazyPorts } from './cairnAdapters';
import { optionalEnv, requireEnv } from './env';
import { ENV } from './environment';
import { once } from './once';

/**
 * The AWS adapters, each from its variable in the environment (ENV names them) when first used:
 * a function is given, and granted, only what its handler touches. SDK clients are created once
 * per cold start and shared by the ports that use them.
 */
/** The queues are SQS's, which a process outside Lambda (the local runtime, the CLI) can also poll. */
export type AwsAdapters = CairnAdapters & {
  commandQueue: SqsFifoQueue;
  projectionQueue: SqsFifoQueue;
  projectionDeadLetters?: SqsFifoQueue;
  processQueue: SqsFifoQueue;
  processDeadLetters?: SqsFifoQueue;
};

export const awsAdapters = (env: NodeJS.ProcessEnv = process.env): AwsAdapters => {
  const documents = once(() => createDocumentClient());
  const sqs = once(() => new SQSClient({}));
  const events = once(() => new DynamoEventStore(documents(), { events: requireEnv(ENV.eventsTable, env) }));
  const projectionDeadLetters = optionalEnv(ENV.projectionDlqUrl, env);
  const processDeadLetters = optionalEnv(ENV.processDlqUrl, env);
  return lazyPorts<AwsAdapters>({
    eventStore: events,
    streams: events,
    ledger: () => new DynamoCommandLedger(documents(), requireEnv(ENV.commandsTable, env)),
    snapshots: () => new DynamoSnapshotStore(documents(), requireEnv(ENV.snapshotsTable, env)),
    commandQueue: () => new SqsFifoQueue(sqs(), requireEnv(ENV.commandQueueUrl, env)),
    views: () => new DynamoReadModelStore(documents(), requireEnv(ENV.viewsTable, env)),
    projectionQueue: () => new SqsFifoQueue(sqs(), requireEnv(ENV.projectionQueueUrl, env)),
    bus: () => new EventBridgeBus(new EventBridgeClient({}), requireEnv(ENV.eventBusName, env)),
    projectionDeadLetters: () => (projectionDeadLetters ? new SqsFifoQueue(sqs(), projectionDeadLetters) : undefined),
    connections: () => new DynamoConnectionRegistry(documents(), requireEnv(ENV.connectionsTable, env)),
    pusher: () => new ManagementApiPusher(managementApiClient({ endpoint: requireEnv(ENV.websocketEndpoint, env) })),
    processQueue: () => new SqsFifoQueue(sqs(), requireEnv(ENV.processQueueUrl, env)),
    processes: () => new DynamoReadModelStore(documents(), requireEnv(ENV.processesTable, env)),
    // One-time schedules in the stack's group, sending to the process queue as the scheduler's role.
    deadlines: () =>
      new EventBridgeDeadlineScheduler(new SchedulerClient({}), {
        groupName: requireEnv(ENV.scheduleGroup, env),
        queueArn: requireEnv(ENV.processQueueArn, env),
        roleArn: requireEnv(ENV.schedulerRoleArn, env),
      }),
    processDeadLetters: () => (processDeadLetters ? new SqsFifoQueue(sqs(), processDeadLetters) : undefined),
  });
};
