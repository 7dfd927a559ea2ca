/**
 * `npx cairn contexts list | create <name> | retire <name>`: the contexts of a running local
 * runtime (default) or of a deployed stack, through its `_admin` area (admin in `_admin`:
 * --token / CAIRN_TOKEN, or minted with the local secret for a local runtime).
 */
import type { ContextRecord } from '#ports/contextStore';
import { adminClient } from './adminClient';
import { UsageError } from './cliErrors';
import { COMMON_OPTIONS, type Command, parseCommandLine, printResult, TARGET_OPTIONS } from './commandLine';
import { adminTarget } from './runtimeAdmin';

const OPTIONS = { ...TARGET_OPTIONS, ...COMMON_OPTIONS } as const;
const SUBCOMMANDS = ['list', 'create', 'retire'] as const;

const line = (record: ContextRecord) =>
  `${record.name.padEnd(33)} ${record.state.padEnd(8)} created ${record.createdAt}${record.retiredAt ? `, retired ${record.retiredAt}` : ''}`;

export const command: Command = {
  usage: 'npx cairn contexts list | create <name> | retire <name>  [--url <base>] [--token <jwt>] [--json]',
  help: `The contexts (bounded contexts or tenants) of a running runtime or a deployed stack, through
its _admin area: the token needs admin in _admin (the dev token npm start prints has it).

  list             every context, with its state (active, retired) and dates
  create <name>    a new context: lowercase letters, digits and dashes, 1-32 characters
  retire <name>    refuses it from then on, on REST and sockets (its data is kept; names are not reused)

  --url <base>     the runtime or stack (default: CAIRN_URL, else http://127.0.0.1:3000);
                   a stack: https://<api-id>.execute-api.<region>.amazonaws.com/prod
  --token <jwt>    a bearer token (default: CAIRN_TOKEN; for a local runtime, one minted with
                   the secret in CAIRN_DATA_DIR)
  --json           list: {"contexts": [...], "open"}; create, retire: the context's record

  npx cairn contexts create shop
  npx cairn --url https://abc123.execute-api.eu-west-1.amazonaws.com/prod --token "$TOKEN" contexts list`,

  run: async (args) => {
    const { values, positionals } = parseCommandLine('contexts', args, OPTIONS);
    const [subcommand, name, ...extra] = positionals;
    if (subcommand === undefined) throw new UsageError('which contexts command? list, create <name> or retire <name>');
    if (!(SUBCOMMANDS as readonly string[]).includes(subcommand)) {
      throw new UsageError(`unknown contexts command '${subcommand}' (list, create <name>, retire <name>)`, {
        withUsage: true,
      });
    }
    if (subcommand === 'list' && name !== undefined) {
      throw new UsageError(`contexts list takes no name (got '${name}')`, { withUsage: true });
    }
    if (subcommand !== 'list' && (name === undefined || extra.length > 0)) {
      throw new UsageError(`contexts ${subcommand} takes one context name${name ? `, not ${extra.length + 1}` : ''}`, {
        withUsage: true,
      });
    }
    const admin = await adminClient(adminTarget(values), 'cli', { _admin: 'admin' });
    const path = '/v1/_admin/contexts';
    if (subcommand === 'list') {
      const listed = (await admin.call('GET', path)) as { contexts: ContextRecord[]; open: boolean };
      printResult(values.json, listed, () => [
        ...(listed.open ? ['contexts are open (CAIRN_CONTEXTS=*): any well-formed name exists'] : []),
        ...listed.contexts.map(line),
      ]);
      return;
    }
    // The name goes to the API as given: it is the judge of what a context name is, and says why.
    const record = (
      subcommand === 'create'
        ? await admin.call('POST', path, { body: { name } })
        : await admin.call('DELETE', `${path}/${encodeURIComponent(name ?? '')}`)
    ) as ContextRecord;
    printResult(values.json, record, () => [line(record)]);
  },
};
