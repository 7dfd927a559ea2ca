/**
 * `npm run bench`: what a user of Cairn's command side cares about, measured on this machine.
 * Starts DynamoDB Local itself unless DYNAMODB_ENDPOINT names one. `--quick` runs smaller counts.
 * Prints tables and writes bench/results.json. Numbers, not assertions: the tests assert behaviour.
 */
import { startDynamoDbLocal } from '../test/support/emulators';
import { measureCluster, printCluster } from './cluster';
import { formatCounts, printTable, type Row, writeResults } from './report';
import { aggregateLoad } from './scenarios/aggregateLoad';
import { asyncThroughput } from './scenarios/asyncCommands';
import { authLatency } from './scenarios/authLatency';
import { measureBundles } from './scenarios/bundles';
import { commandToPush } from './scenarios/commandToPush';
import { commandToView } from './scenarios/commandToView';
import { contention } from './scenarios/contention';
import { listGrowth } from './scenarios/listGrowth';
import { type PeerResult, peerComparison, printPeer } from './scenarios/peerComparison';
import { processLatency } from './scenarios/processLatency';
import { projectionThroughput, rebuildRate } from './scenarios/projectionThroughput';
import { pushBytes } from './scenarios/pushBytes';
import { syncLatency, syncThroughput } from './scenarios/syncCommands';
import { dynamoTarget, embeddedTarget, type Target } from './targets';

// The SDK warns that Node 20 support ends in 2027 (Lambda runs Node 22); it would break the tables.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const quick = process.argv.includes('--quick');
const sync = { latencyCommands: quick ? 100 : 500, loadCommands: quick ? 300 : 2000, concurrency: 32 };
const loadSizes = quick ? [10, 1000] : [10, 1000, 10_000];
const tag = `b${Date.now().toString(36)}`;

const measure = async (target: Target) => {
  console.log(`measuring: ${target.name}`);
  const latency = await syncLatency(target, sync, tag);
  const throughput = [];
  for (const aggregates of [1, 10, 100]) throughput.push(await syncThroughput(target, sync, aggregates, tag));
  const contended = await contention(target, 50, quick ? 2 : 5, tag);
  const asyncRun = await asyncThroughput(target, quick ? 200 : 1000, 10, tag);
  const loads = await aggregateLoad(target, loadSizes, tag);
  const toView = await commandToView(target, quick ? 50 : 300, tag);
  const toPush = [
    await commandToPush(target, 1, quick ? 30 : 200, tag),
    await commandToPush(target, 1000, quick ? 5 : 20, tag),
  ];
  return { target: target.name, latency, throughput, contention: contended, async: asyncRun, loads, toView, toPush };
};

const dynamoLocal = process.env.DYNAMODB_ENDPOINT ? undefined : await startDynamoDbLocal();
const endpoint = process.env.DYNAMODB_ENDPOINT ?? dynamoLocal?.endpoint ?? '';
const results = [];
let peer: PeerResult | undefined;
try {
  for (const start of [embeddedTarget, () => dynamoTarget(endpoint)]) {
    const target = await start();
    try {
      results.push(await measure(target));
    } finally {
      await target.close();
    }
  }
} finally {
  await dynamoLocal?.stop();
}
// The peers share one DynamoDB Local of their own: one that the scenarios above filled runs slower
// (its stream records pile up), which would blur the ratio.
const peerLocal = process.env.DYNAMODB_ENDPOINT ? undefined : await startDynamoDbLocal();
try {
  console.log('measuring: Cairn against Castore (peer), on one fresh DynamoDB Local');
  peer = await peerComparison(peerLocal?.endpoint ?? endpoint, { quick, tag });
} finally {
  await peerLocal?.stop();
}
console.log('measuring: projection throughput and rebuild rate (embedded)');
const projection = {
  throughput: [
    await projectionThroughput(1, quick ? 2000 : 10_000),
    await projectionThroughput(100, quick ? 5000 : 20_000),
  ],
  rebuild: await rebuildRate(1000, quick ? 20_000 : 100_000),
};
console.log('measuring: projection cost per event as lists accumulate (embedded)');
const growth = await listGrowth([100, 1000, 10_000], quick ? 500 : 2000);
console.log('measuring: push bytes per change of a 100 KB view, with and without deltas');
const pushSizes = pushBytes(1500, quick ? 5 : 20);
console.log('measuring: process managers (embedded): event to command, deadline lateness');
const processes = await processLatency(quick ? 30 : 200, quick ? 20 : 100, tag);
const cluster = await measureCluster(quick, tag);
console.log('measuring: authentication (embedded, auth off against on)');
const auth = await authLatency(quick ? 200 : 1000, quick ? 2000 : 20_000, tag);

printTable(
  'Sync command latency (one client, RenameTodoList over HTTP)',
  results.map(
    (r): Row => ({ target: r.target, p50Ms: r.latency.p50Ms, p99Ms: r.latency.p99Ms, perSecond: r.latency.perSecond }),
  ),
);
printTable(
  `Sync command throughput (${sync.concurrency} concurrent clients, ${sync.loadCommands} RenameTodoList)`,
  results.flatMap((r) =>
    r.throughput.map(({ dynamoRequestsPerCommand, ...row }): Row => ({ target: r.target, ...row })),
  ),
);
printTable(
  'Contention (50 writers at once on one aggregate, no If-Match)',
  results.map((r): Row => ({ target: r.target, ...r.contention })),
);
printTable(
  'Async commands (Prefer: respond-async, 10 aggregates, until all succeeded)',
  results.map(
    (r): Row => ({
      target: r.target,
      commands: r.async.commands,
      perSecond: r.async.perSecond,
      acceptP50Ms: r.async.acceptLatency.p50Ms,
      acceptP99Ms: r.async.acceptLatency.p99Ms,
    }),
  ),
);
const dynamo = results.find((r) => r.target.includes('DynamoDB'));
if (dynamo) {
  // The runtime's stream follower writes each command's record (and, every 100 events, a snapshot)
  // with the same client: counted here too, so these are all the requests a command causes.
  printTable('DynamoDB requests per command (DynamoDB Local target; with what the stream follower writes after it)', [
    { case: 'create (new aggregate, with key)', requests: formatCounts(dynamo.latency.dynamoRequestsPerCreate) },
    { case: 'with Idempotency-Key', requests: formatCounts(dynamo.latency.dynamoRequestsPerCommand) },
    { case: 'without Idempotency-Key', requests: formatCounts(dynamo.latency.dynamoRequestsPerUnkeyedCommand) },
    ...dynamo.throughput.map((t) => ({
      case: `under load, ${t.aggregates} aggregate(s)`,
      requests: formatCounts(t.dynamoRequestsPerCommand),
    })),
  ]);
}
printTable(
  'Aggregate load time (median ms; snapshot every 100 events)',
  results.flatMap((r) => r.loads.map((row): Row => ({ target: r.target, ...row }))),
);

printTable(
  'Command to view (one client: AddTodo over HTTP, then the todoList view polled until it shows the version)',
  results.map((r): Row => ({ target: r.target, ...r.toView })),
);
printTable(
  'Command to push (AddTodo over HTTP → the view frame on subscribed sockets; "last" = the last subscriber)',
  results.flatMap((r) => r.toPush.map((row): Row => ({ target: r.target, ...row }))),
);
printTable(
  'Push bytes per change (todoList view of 1,500 todos; without deltas: viewChanged + the fetched view; with: the viewPatch frame)',
  pushSizes,
);
if (peer) printPeer(peer);
printTable(
  'Projection throughput (events appended to the store → relay → FIFO queue → worker → all views)',
  projection.throughput.map((row): Row => ({ ...row })),
);
printTable('Projection rebuild (todoList, into a fresh generation)', [{ ...projection.rebuild }]);
printTable(
  "Projection cost per event as lists accumulate (a list's TodoAdded → its view and its todoLists summary, embedded views)",
  growth.map((row): Row => ({ ...row })),
);
printTable('Process managers (embedded; RegisterUser → its Inbox list committed; CompleteTodo → archived after 1 s)', [
  { measure: 'event to command (ms)', ...processes.eventToCommand },
  { measure: 'deadline lateness (ms past due)', ...processes.deadlineLateness },
]);
printCluster(cluster);
printTable(
  `Authentication's added latency (one client, ${auth.requests} requests of each kind on each runtime, alternated; addedMs = median of the paired differences)`,
  auth.perRequest,
);
printTable('HS256 token verification (one at a time, awaited; µs)', auth.perVerification);
console.log('\nmeasuring: Lambda bundles');
const bundles = await measureBundles(quick ? 3 : 7);
printTable('Lambda bundles (esbuild as the stack builds them; cold start = fresh Node process, median)', bundles);

writeResults(new URL('./results.json', import.meta.url).pathname, {
  targets: results,
  projection,
  listGrowth: growth,
  pushSizes,
  processes,
  cluster,
  auth,
  bundles,
  peer,
});
console.log('\nwritten: bench/results.json');
