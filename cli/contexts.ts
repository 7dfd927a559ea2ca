/**
 * `npx cairn contexts list | create <name> | retire <name> [--url <base>] [--token <jwt>]`: the
 * contexts of a running local runtime (default) or of a deployed stack, through its `_admin` area
 * (admin in `_admin`: --token / CAIRN_TOKEN, or minted with the local secret for a local runtime).
 */
import { parseArgs } from 'node:util';
import type { ContextRecord } from '#ports/contextStore';
import { adminHeaders, adminTarget, callJson, runCommand, TARGET_OPTIONS, UsageError } from './runtimeAdmin';

const usage = 'npx cairn contexts list | create <name> | retire <name>  [--url <base>] [--token <jwt>]';

const line = (record: ContextRecord) =>
  `${record.name.padEnd(33)} ${record.state.padEnd(8)} created ${record.createdAt}${record.retiredAt ? `, retired ${record.retiredAt}` : ''}`;

await runCommand(usage, async () => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: TARGET_OPTIONS });
  const [command, name, ...extra] = positionals;
  if (command !== 'list' && command !== 'create' && command !== 'retire') {
    throw new UsageError(command ? `unknown contexts command '${command}'` : 'which contexts command?');
  }
  if (command === 'list' ? name !== undefined : !name || extra.length > 0) {
    throw new UsageError(command === 'list' ? 'list takes no name' : `${command} takes one context name`);
  }
  const target = adminTarget(values);
  const url = `${target.url}/v1/_admin/contexts`;
  const headers = await adminHeaders(target, 'cli', { _admin: 'admin' });
  if (command === 'list') {
    const { contexts, open } = (await callJson(url, { method: 'GET', headers })) as {
      contexts: ContextRecord[];
      open: boolean;
    };
    if (open) console.log('contexts are open (CAIRN_CONTEXTS=*): any well-formed name exists');
    for (const record of contexts) console.log(line(record));
  } else if (command === 'create') {
    console.log(line((await callJson(url, { method: 'POST', headers, body: { name } })) as ContextRecord));
  } else {
    const path = `${url}/${encodeURIComponent(name ?? '')}`;
    console.log(line((await callJson(path, { method: 'DELETE', headers })) as ContextRecord));
  }
});
