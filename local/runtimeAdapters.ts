import { createDocumentClient } from '#adapters/dynamodb/documentClient';
import { DynamoContextStore } from '#adapters/dynamodb/dynamoContextStore';
import { DynamoRuntimeRoster } from '#adapters/dynamodb/dynamoRuntimeRoster';
import { EmbeddedDeadlineScheduler } from '#adapters/embedded/embeddedDeadlineScheduler';
import type { ConnectionRegistry } from '#ports/connectionRegistry';
import type { ContextStore } from '#ports/contextStore';
import type { RuntimeRoster } from '#ports/runtimeRoster';
import { awsAdapters } from '#runtime/awsAdapters';
import {
  type CommandAdapters,
  embeddedAdapters,
  embeddedProjectionAdapters,
  type ProjectionAdapters,
} from '#runtime/embeddedAdapters';
import { ENV } from '#runtime/environment';
import { prepareAwsEnv, usesEmulators } from './emulatedAws';
import type { ChangeFeed } from './eventFlow';

/** What decides the stores: the fields of the runtime's options that say so (see LocalRuntimeOptions). */
export interface AdapterChoice {
  adapters?: CommandAdapters;
  projectionAdapters?: ProjectionAdapters;
  streamTable?: string;
  leaseTable?: string;
  store?: 'embedded' | 'aws';
  dataDir?: string;
  fsync?: boolean;
}

export interface ChosenAdapters {
  adapters: CommandAdapters;
  projectionAdapters?: ProjectionAdapters;
  /** Where the stores' commits come from, for the event flow. */
  changeFeed?: ChangeFeed;
  registry?: ConnectionRegistry;
  /** The context catalog's store, when it is shared (the DynamoDB contexts table on AWS). */
  contextStore?: ContextStore;
  /** Which runtimes on the shared registry are alive (the connections table on AWS). */
  roster?: RuntimeRoster;
}

const feedOf = (adapters: CommandAdapters, options: AdapterChoice): ChangeFeed | undefined =>
  adapters.changeFeed ??
  (options.streamTable
    ? { kind: 'dynamodbStream', table: options.streamTable, leaseTable: options.leaseTable ?? '' }
    : undefined);

/**
 * The stores the local runtime runs on: the caller's adapters (benchmarks, tests), the AWS
 * adapters (`store: 'aws'`, endpoints from the environment), or the embedded ones under `dataDir`.
 */
export const chooseAdapters = async (options: AdapterChoice): Promise<ChosenAdapters> => {
  if (options.adapters) {
    return {
      adapters: options.adapters,
      projectionAdapters: options.projectionAdapters,
      changeFeed: feedOf(options.adapters, options),
    };
  }
  if (options.store === 'aws') {
    const env = await prepareAwsEnv(process.env);
    const aws = awsAdapters(env);
    // LocalStack's scheduler keeps schedules but never runs them: on emulators the deadlines are
    // the embedded timer's (kept under dataDir), which sends them to the SQS process queue as a
    // schedule would. Against AWS, EventBridge Scheduler in the deployed stack's group.
    const timer = usesEmulators(env)
      ? new EmbeddedDeadlineScheduler(aws.processQueue, { dataDir: options.dataDir, fsync: options.fsync })
      : undefined;
    return {
      adapters: {
        eventStore: aws.eventStore,
        catalog: aws.streams,
        ledger: aws.ledger,
        snapshots: aws.snapshots,
        commandQueue: aws.commandQueue,
      },
      projectionAdapters: {
        views: aws.views,
        projectionQueue: aws.projectionQueue,
        bus: aws.bus,
        deadLetters: aws.projectionDeadLetters,
        processQueue: aws.processQueue,
        processes: aws.processes,
        deadlines: timer ?? aws.deadlines,
        processDeadLetters: aws.processDeadLetters,
        close: () => timer?.close(),
      },
      changeFeed: { kind: 'dynamodbStream', table: env[ENV.eventsTable] ?? '', leaseTable: env[ENV.leasesTable] ?? '' },
      registry: aws.connections,
      roster: new DynamoRuntimeRoster(createDocumentClient(), env[ENV.connectionsTable] ?? ''),
      // Every runtime on these tables serves the same contexts: a context created on one is on all.
      ...(env[ENV.contextsTable] && {
        contextStore: new DynamoContextStore(createDocumentClient(), env[ENV.contextsTable] as string),
      }),
    };
  }
  const stores = { dataDir: options.dataDir, fsync: options.fsync };
  const adapters = embeddedAdapters(stores);
  return { adapters, projectionAdapters: embeddedProjectionAdapters(stores), changeFeed: adapters.changeFeed };
};
