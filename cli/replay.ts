/**
 * `npx cairn replay <projection> [--status]`: rebuilds a projection from the event store into a
 * fresh generation, with live traffic going on, and switches readers to it when done (or, with
 * --status, shows where the last rebuild is).
 *   - over HTTP (default): asks the running `npm start` (or the stack at --url / CAIRN_URL) to
 *     rebuild, since it owns the data, and shows its progress (as admin in the context);
 *   - CAIRN_STORE=aws: runs the rebuild here against DynamoDB (EVENTS_TABLE, VIEWS_TABLE), while
 *     the deployed workers keep projecting live events.
 */
import type { RebuildProgress } from '#application/projectionRebuild';
import { CONTEXT_PATTERN } from '#core/ids';
import { adminClient } from './adminClient';
import { CliError, UsageError } from './cliErrors';
import { COMMON_OPTIONS, type Command, parseCommandLine, printResult, TARGET_OPTIONS } from './commandLine';
import { progressPrinter } from './progressBar';
import { rebuildHere } from './rebuildHere';
import { adminTarget } from './runtimeAdmin';

const OPTIONS = {
  context: { type: 'string' },
  status: { type: 'boolean' },
  ...TARGET_OPTIONS,
  ...COMMON_OPTIONS,
} as const;

type Report = (progress: RebuildProgress) => void;

const percent = (progress: RebuildProgress) =>
  Math.floor((progress.streamsDone / Math.max(progress.streamsTotal, 1)) * 100);

/** The line for a reader: what a finished replay did, or (--status) where the last rebuild is. */
const summary = (projection: string, context: string, progress: RebuildProgress, status: boolean): string => {
  const counts = `${progress.streamsDone} streams, ${progress.events} events`;
  if (progress.state === 'live' && !status) {
    return `${projection} rebuilt in context ${context}: generation ${progress.generation} is live (${counts})`;
  }
  const where = `${projection} in context ${context}: generation ${progress.generation}`;
  if (progress.state === 'live') return `${where} is live (${counts})`;
  if (progress.state === 'failed') return `${where} failed: ${progress.error ?? 'no reason given'}`;
  return `${where} is ${progress.state}, ${percent(progress)}% (${progress.streamsDone}/${progress.streamsTotal} streams, ${progress.events} events)`;
};

export const command: Command = {
  usage:
    'npx cairn replay <projection> [--context <c>] [--status] [--url <base>] [--token <jwt>] [--json]   (e.g. todoList)',
  help: `Rebuilds a projection from the events into a fresh generation while the runtime keeps serving,
and switches its readers to it when done; progress goes to stderr. The runtime (npm start, or
the stack at --url) does the work: it owns the data. With CAIRN_STORE=aws the rebuild runs here
instead, against DynamoDB (EVENTS_TABLE, VIEWS_TABLE), the deployed workers projecting on.
The token needs admin in the context.

  <projection>     the projection's name (a wrong one is answered with the known names)
  --context <c>    the context whose views are rebuilt (default: default)
  --status         show the last rebuild's progress, without starting one
  --url <base>     the runtime or stack (default: CAIRN_URL, else http://127.0.0.1:3000)
  --token <jwt>    a bearer token (default: CAIRN_TOKEN; for a local runtime, one minted with
                   the secret in CAIRN_DATA_DIR)
  --json           the rebuild's final (or, with --status, current) progress as one JSON
                   document, and no progress on stderr

  npx cairn replay todoLists
  npx cairn replay todoList --context shop --status --json`,

  run: async (args) => {
    const { values, positionals } = parseCommandLine('replay', args, OPTIONS);
    const [projection, ...extra] = positionals;
    if (!projection) throw new UsageError('which projection? replay <projection>, e.g. todoList', { withUsage: true });
    if (extra.length > 0) throw new UsageError(`replay rebuilds one projection (got ${positionals.join(', ')})`);
    const context = values.context ?? 'default';
    if (!CONTEXT_PATTERN.test(context)) {
      throw new UsageError(
        `--context '${context}' is not a context name (lowercase letters, digits and dashes, 1-32 characters)`,
      );
    }
    const report: Report = values.json ? () => {} : progressPrinter();
    const inAws = process.env.CAIRN_STORE === 'aws';
    if (inAws && (values.url || values.token || values.status)) {
      throw new UsageError('CAIRN_STORE=aws rebuilds here: it takes no --url, --token or --status');
    }
    let result: RebuildProgress;
    if (inAws) {
      result = await rebuildHere(context, projection, report);
    } else {
      // The context's own rebuild path: it needs admin in that context alone (the _admin area's needs `_admin` too).
      const path = `/v1/${context}/_admin/projections/${encodeURIComponent(projection)}/rebuild`;
      const admin = await adminClient(adminTarget(values), 'replay', { [context]: 'admin' });
      if (values.status) {
        result = (await admin.call('GET', path)) as RebuildProgress;
      } else {
        result = (await admin.call('POST', path, { expected: (status) => status === 202 })) as RebuildProgress;
        for (report(result); result.state === 'preparing' || result.state === 'building'; report(result)) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          result = (await admin.call('GET', path)) as RebuildProgress;
        }
      }
    }
    const failed = result.state === 'failed' && !values.status;
    if (values.json || !failed) {
      printResult(values.json, result, () => [summary(projection, context, result, values.status ?? false)]);
    }
    if (failed) throw new CliError(`rebuilding ${projection} failed: ${result.error ?? 'no reason given'}`);
  },
};
