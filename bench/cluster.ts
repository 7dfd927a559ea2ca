/**
 * The cluster measures: command to push across two runtimes (embedded, in this process) and the
 * time a dead runtime's work takes to move (runtime processes on DynamoDB Local + LocalStack,
 * which this starts unless DYNAMODB_ENDPOINT / LOCALSTACK_ENDPOINT name running ones).
 */
import startEmulators from '../test/support/globalSetup';
import { printTable } from './report';
import { crossRuntimePush } from './scenarios/crossRuntimePush';
import { runtimeFailover } from './scenarios/runtimeFailover';

/** The defaults, and the three settings that bound failover turned down to 3 s. */
const FAILOVER_SETTINGS: Record<string, Record<string, string>> = {
  defaults: {},
  '3 s': { CAIRN_QUEUE_VISIBILITY_SECONDS: '3', CAIRN_STREAM_LEASE: 'PT3S', CAIRN_RUNTIME_LEASE: 'PT3S' },
};

export const measureCluster = async (quick: boolean, tag: string) => {
  console.log('measuring: command to push across two runtimes (embedded, shared registry)');
  const acrossRuntimes = await crossRuntimePush(quick ? 50 : 300, tag);
  console.log('measuring: failover, kill -9 of one of two runtimes (DynamoDB Local + LocalStack)');
  const stopEmulators = await startEmulators();
  try {
    const rounds = quick ? 1 : 3;
    const failover = [];
    for (const [settings, env] of Object.entries(FAILOVER_SETTINGS)) {
      for (const row of await runtimeFailover(rounds, 10, env)) failover.push({ settings, ...row });
    }
    return { acrossRuntimes, failover };
  } finally {
    await stopEmulators();
  }
};

export const printCluster = ({ acrossRuntimes, failover }: Awaited<ReturnType<typeof measureCluster>>) => {
  printTable(
    'Command to push across runtimes (AddTodo over HTTP → the view frame on a socket held by runtime A; interleaved)',
    [
      { path: 'command to A, socket on A (straight onto the socket)', ...acrossRuntimes.same },
      { path: 'command to B, socket on A (B → A’s management API, signed)', ...acrossRuntimes.across },
      { path: 'ratio across ÷ same', p50Ms: acrossRuntimes.p50Ratio, p99Ms: acrossRuntimes.p99Ratio },
    ],
  );
  printTable(
    'Failover: from kill -9 of the runtime holding the stream lease (10 async commands just accepted) until its work has moved (ms; defaults: 10 s visibility and leases; 3 s: CAIRN_QUEUE_VISIBILITY_SECONDS=3, CAIRN_STREAM_LEASE=PT3S, CAIRN_RUNTIME_LEASE=PT3S)',
    failover,
  );
};
