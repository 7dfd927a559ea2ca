import type { ConnectionRegistry } from '#ports/connectionRegistry';
import { awsAdapters } from '#runtime/awsAdapters';
import {
  type CommandAdapters,
  embeddedAdapters,
  embeddedProjectionAdapters,
  type ProjectionAdapters,
} from '#runtime/embeddedAdapters';
import { ENV } from '#runtime/environment';
import { prepareAwsEnv } from './emulatedAws';
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
      },
      changeFeed: { kind: 'dynamodbStream', table: env[ENV.eventsTable] ?? '', leaseTable: env[ENV.leasesTable] ?? '' },
      registry: aws.connections,
    };
  }
  const stores = { dataDir: options.dataDir, fsync: options.fsync };
  const adapters = embeddedAdapters(stores);
  return { adapters, projectionAdapters: embeddedProjectionAdapters(stores), changeFeed: adapters.changeFeed };
};
