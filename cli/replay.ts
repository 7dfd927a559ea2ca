/**
 * `npm run replay -- <projection> [--context <c>]`: rebuilds a projection from the event store
 * into a fresh generation, with live traffic going on, and switches readers to it when done.
 *   - local runtime (default): asks the running `npm start` (CAIRN_URL, default
 *     http://127.0.0.1:3000) to rebuild, since it owns the embedded data, and shows its progress
 *     (as admin: CAIRN_TOKEN, or a token minted with the runtime's secret in CAIRN_DATA_DIR);
 *   - CAIRN_STORE=aws: runs the rebuild here against DynamoDB (EVENTS_TABLE, VIEWS_TABLE), while
 *     the deployed workers keep projecting live events.
 */
import { parseArgs } from 'node:util';
import { ProjectionGenerations } from '../shared/application/projectionGenerations';
import { type RebuildProgress, rebuildProjection } from '../shared/application/projectionRebuild';
import { ProjectionService } from '../shared/application/projectionService';
import { sampleDomain } from '../shared/domain';
import { awsAdaptersFromEnv, awsViewsFromEnv } from '../shared/runtime/adapters';
import { progressPrinter } from './progressBar';
import { adminHeaders, runtimeUrl } from './runtimeAdmin';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { context: { type: 'string', default: 'default' } },
});
const [projection] = positionals;
if (!projection) {
  console.error(
    `usage: npm run replay -- <projection> [--context <c>]   (${sampleDomain.projections.names().join(', ')})`,
  );
  process.exit(2);
}
const context = values.context ?? 'default';
const print = progressPrinter();

const viaRuntime = async (): Promise<RebuildProgress> => {
  // The context's own rebuild path: it needs admin in that context alone (the _admin area's needs `_admin` too).
  const url = `${runtimeUrl()}/v1/${context}/_admin/projections/${projection}/rebuild`;
  const headers = await adminHeaders('replay', { [context]: 'admin' });
  const started = await fetch(url, { method: 'POST', headers });
  const body = (await started.json()) as { error?: unknown };
  if (started.status !== 202) throw new Error(`${started.status} ${JSON.stringify(body.error ?? body)}`);
  let progress = body as RebuildProgress;
  for (;;) {
    print(progress);
    if (progress.state === 'live' || progress.state === 'failed') return progress;
    await new Promise((resolve) => setTimeout(resolve, 200));
    progress = (await (await fetch(url, { headers })).json()) as RebuildProgress;
  }
};

const inProcess = async (): Promise<RebuildProgress> => {
  const { eventStore, catalog } = awsAdaptersFromEnv();
  const views = awsViewsFromEnv();
  const generations = new ProjectionGenerations(views);
  const service = new ProjectionService({ projections: sampleDomain.projections, views, eventStore });
  if (!catalog) throw new Error('This event store cannot list its streams');
  return rebuildProjection(
    { projections: sampleDomain.projections, service, generations, catalog, settleMs: 1200 },
    context,
    projection,
    print,
  );
};

try {
  const result = process.env.CAIRN_STORE === 'aws' ? await inProcess() : await viaRuntime();
  if (result.state !== 'live') throw new Error(result.error ?? `rebuild ended ${result.state}`);
  console.log(
    `${projection} rebuilt in context ${context}: generation ${result.generation} is live ` +
      `(${result.streamsDone} streams, ${result.events} events)`,
  );
} catch (error) {
  console.error(`replay failed: ${(error as Error).message}`);
  process.exit(1);
}
