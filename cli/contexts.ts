/**
 * `npx cairn contexts list | create <name> | retire <name>`: the contexts of the running local
 * runtime, through its `_admin` area (admin in `_admin`: CAIRN_TOKEN, or minted with the local secret).
 */
import { adminHeaders, runtimeUrl } from './runtimeAdmin';

const [command, name] = process.argv.slice(2);
const usage = () => {
  console.error('usage: npx cairn contexts list | create <name> | retire <name>   (CAIRN_URL, CAIRN_TOKEN)');
  process.exit(2);
};
if (command !== 'list' && !(command === 'create' || command === 'retire')) usage();
if (command !== 'list' && !name) usage();

interface ContextRecord {
  name: string;
  state: string;
  createdAt: string;
  retiredAt?: string;
}

const url = `${runtimeUrl()}/v1/_admin/contexts`;
const headers = await adminHeaders('cli', { _admin: 'admin' });
const call = async (method: string, path = '', body?: unknown) => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await response.json()) as { error?: { code: string; message: string } };
  if (!response.ok) {
    console.error(`${response.status} ${json.error?.code}: ${json.error?.message}`);
    process.exit(1);
  }
  return json;
};
const line = (record: ContextRecord) =>
  `${record.name.padEnd(33)} ${record.state.padEnd(8)} created ${record.createdAt}${record.retiredAt ? `, retired ${record.retiredAt}` : ''}`;

try {
  if (command === 'list') {
    const { contexts, open } = (await call('GET')) as { contexts: ContextRecord[]; open: boolean };
    if (open) console.log('contexts are open (CAIRN_CONTEXTS=*): any well-formed name exists');
    for (const record of contexts) console.log(line(record));
  } else if (command === 'create') {
    console.log(line((await call('POST', '', { name })) as unknown as ContextRecord));
  } else {
    console.log(line((await call('DELETE', `/${encodeURIComponent(name ?? '')}`)) as unknown as ContextRecord));
  }
} catch (error) {
  console.error(`cannot reach the runtime at ${runtimeUrl()}: ${(error as Error).message}`);
  process.exit(1);
}
