import type { ConnectionRegistry } from '../shared/ports/connectionRegistry';
import {
  awsAdaptersFromEnv,
  awsConnectionRegistryFromEnv,
  awsProjectionAdaptersFromEnv,
  type CommandAdapters,
  embeddedAdapters,
  embeddedProjectionAdapters,
  type ProjectionAdapters,
} from '../shared/runtime/adapters';
import { ENV } from '../shared/runtime/environment';
import { prepareAwsEnv } from './emulatedAws';

/** What decides the stores: the fields of the runtime's options that say so (see LocalRuntimeOptions). */
export interface AdapterChoice {
  adapters?: CommandAdapters;
  projectionAdapters?: ProjectionAdapters;
  streamTable?: string;
  store?: 'embedded' | 'aws';
  dataDir?: string;
  fsync?: boolean;
}

/**
 * The stores the local runtime runs on: the caller's adapters (benchmarks, tests), the AWS
 * adapters (`store: 'aws'`, endpoints from the environment), or the embedded ones under `dataDir`.
 */
export const chooseAdapters = async (
  options: AdapterChoice,
): Promise<{
  adapters: CommandAdapters;
  projectionAdapters?: ProjectionAdapters;
  streamTable?: string;
  registry?: ConnectionRegistry;
}> => {
  if (options.adapters) {
    return {
      adapters: options.adapters,
      projectionAdapters: options.projectionAdapters,
      streamTable: options.streamTable,
    };
  }
  if (options.store === 'aws') {
    const env = await prepareAwsEnv(process.env);
    return {
      adapters: awsAdaptersFromEnv(env),
      projectionAdapters: awsProjectionAdaptersFromEnv(env),
      streamTable: env[ENV.eventsTable],
      registry: awsConnectionRegistryFromEnv(env),
    };
  }
  const stores = { dataDir: options.dataDir, fsync: options.fsync };
  return { adapters: embeddedAdapters(stores), projectionAdapters: embeddedProjectionAdapters(stores) };
};
