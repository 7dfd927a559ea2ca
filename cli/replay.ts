/**
 * `npx cairn replay <projection> [--context <c>] [--url <base>] [--token <jwt>]`: rebuilds a
 * projection from the event store into a fresh generation, with live traffic going on, and
 * switches readers to it when done.
 *   - over HTTP (default): asks the running `npm start` (or the stack at --url / CAIRN_URL) to
 *     rebuild, since it owns the data, and shows its progress (as admin in the context:
 *     --token / CAIRN_TOKEN, or for a local runtime a token minted with its secret in CAIRN_DATA_DIR);
 *   - CAIRN_STORE=aws: runs the rebuild here against DynamoDB (EVENTS_TABLE, VIEWS_TABLE), while
 *     the deployed workers keep projecting live events.
 */
import { parseArgs } from 'node:util';
import { ProjectionGenerations } from '#application/projectionGenerations';
import { type RebuildProgress, rebuildProjection } from '#application/projectionRebuild';
import { ProjectionService } from '#application/projectionService';
import { CONTEXT_PATTERN } from '#core/ids';
import { sampleDomain } from '#domain/index';
import { awsAdapters } from '#runtime/awsAdapters';
import { progressPrinter } from './progressBar';
import {
  type AdminTarget,
  adminHeaders,
  adminTarget,
  callJson,
  runCommand,
  TARGET_OPTIONS,
  UsageError,
} from './runtimeAdmin';

const usage = `npx cairn replay <projection> [--context <c>] [--url <base>] [--token <jwt>]   (${sampleDomain.projections.names().join(', ')})`;

const print = progressPrinter();

const viaRuntime = async (target: AdminTarget, context: string, projection: string): Promise<RebuildProgress> => {
  // The context's own rebuild path: it needs admin in that context alone (the _admin area's needs `_admin` too).
  const url = `${target.url}/v1/${context}/_admin/projections/${projection}/rebuild`;
  const headers = await adminHeaders(target, 'replay', { [context]: 'admin' });
  let progress = (await callJson(url, { method: 'POST', headers }, (status) => status === 202)) as RebuildProgress;
  for (;;) {
    print(progress);
    if (progress.state === 'live' || progress.state === 'failed') return progress;
    await new Promise((resolve) => setTimeout(resolve, 200));
    progress = (await callJson(url, { method: 'GET', headers })) as RebuildProgress;
  }
};

const inProcess = async (context: string, projection: string): Promise<RebuildProgress> => {
  const { eventStore, streams: catalog, views } = awsAdapters();
  const generations = new ProjectionGenerations(views);
  const service = new ProjectionService({
    projections: sampleDomain.projections,
    views,
    eventStore,
    upcast: sampleDomain.upcast,
  });
  if (!catalog) throw new Error('This event store cannot list its streams');
  return rebuildProjection(
    { projections: sampleDomain.projections, service, generations, catalog, settleMs: 1200 },
    context,
    projection,
    print,
  );
};

await runCommand(usage, async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { context: { type: 'string', default: 'default' }, ...TARGET_OPTIONS },
  });
  const [projection, ...extra] = positionals;
  if (!projection || extra.length > 0) throw new UsageError('which projection? (one)');
  if (!sampleDomain.projections.names().includes(projection))
    throw new UsageError(`unknown projection '${projection}'`);
  const context = values.context ?? 'default';
  if (!CONTEXT_PATTERN.test(context)) throw new UsageError(`--context '${context}' is not a context name`);
  const inAws = process.env.CAIRN_STORE === 'aws';
  if (inAws && (values.url || values.token)) throw new UsageError('CAIRN_STORE=aws rebuilds here: no --url/--token');
  const result = inAws
    ? await inProcess(context, projection)
    : await viaRuntime(adminTarget(values), context, projection);
  if (result.state !== 'live') throw new Error(`replay failed: ${result.error ?? `rebuild ended ${result.state}`}`);
  console.log(
    `${projection} rebuilt in context ${context}: generation ${result.generation} is live ` +
      `(${result.streamsDone} streams, ${result.events} events)`,
  );
});
