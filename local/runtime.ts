import type { AddressInfo } from 'node:net';
import { createCommandApi } from '../functions/command/commandApi';
import { createCommandService, newCommandId } from '../functions/command/commandService';
import { createCommandWorker } from '../functions/command/commandWorker';
import { domainRegistry } from '../shared/domain/registry';
import { awsAdaptersFromEnv, type CommandAdapters, embeddedAdapters } from '../shared/runtime/adapters';
import { lockDataDir } from './dataDirLock';
import { prepareAwsEnv } from './emulatedAws';
import { createHttpGateway } from './httpGateway';
import { QueuePoller } from './queuePoller';

export interface LocalRuntimeOptions {
  port: number;
  host?: string;
  /** Embedded stores keep their data here; without it, in memory. */
  dataDir?: string;
  /** 'embedded' (default) or 'aws': DynamoDB/SQS through the usual AWS_* variables and endpoints. */
  store?: 'embedded' | 'aws';
  /** Adapters built by the caller (benchmarks, tests); they win over `store` and `dataDir`. */
  adapters?: CommandAdapters;
  contexts?: ReadonlySet<string>;
  fsync?: boolean;
  log?: (error: unknown) => void;
}

export interface LocalRuntime {
  url: string;
  port: number;
  adapters: CommandAdapters;
  close: () => Promise<void>;
}

/**
 * The whole command side in one process: the REST gateway calling the command API handler, and
 * the command worker fed from the FIFO queue by an in-process poller, as Lambda's event source
 * mapping would feed it.
 */
export const startLocalRuntime = async (options: LocalRuntimeOptions): Promise<LocalRuntime> => {
  const ownsData = !options.adapters && options.store !== 'aws' && options.dataDir;
  const unlock = ownsData && options.dataDir ? lockDataDir(options.dataDir) : () => {};
  const adapters: CommandAdapters =
    options.adapters ??
    (options.store === 'aws'
      ? awsAdaptersFromEnv(await prepareAwsEnv(process.env))
      : embeddedAdapters({ dataDir: options.dataDir, fsync: options.fsync }));
  const service = createCommandService(adapters);
  const log = options.log ?? ((error: unknown) => console.error(error));
  const api = createCommandApi({
    service,
    eventStore: adapters.eventStore,
    ledger: adapters.ledger,
    registry: domainRegistry,
    contexts: options.contexts,
    newId: newCommandId,
    now: () => new Date(),
    log,
  });
  const worker = createCommandWorker(service);
  const poller = new QueuePoller(adapters.commandQueue, (event) => worker(event), {
    queueArn: 'arn:aws:sqs:local:000000000000:cairn-commands.fifo',
    onError: log,
  });
  poller.start();

  const server = createHttpGateway(api);
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    adapters,
    close: async () => {
      await poller.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      adapters.close?.();
      unlock();
    },
  };
};
