import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/cliErrors';
import { adminTarget } from '../../cli/runtimeAdmin';
import { localJwtSecret } from '../../local/devSecret';

const run = promisify(execFile);
// A token of a JWT's shape: the stand-in stack checks that it arrives, not its signature.
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjbGkifQ.c2lnbmF0dXJl';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
const record = { name: 'shop', state: 'active', createdAt: '2026-11-23T10:00:00.000Z' };

/** A stand-in for a deployed stack under the `/prod` stage: it answers the admin routes the CLI calls. */
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    const reply = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { message: 'Unauthorized' });
    if (request.url === '/prod/v1/_admin/contexts' && request.method === 'GET') {
      return reply(200, { contexts: [record], open: false });
    }
    if (request.url === '/prod/v1/_admin/contexts' && request.method === 'POST') return reply(201, record);
    if (request.url === '/prod/v1/default/_admin/projections/todoList/rebuild') {
      return reply(202, { state: 'live', generation: 2, streamsDone: 1, streamsTotal: 1, events: 3 });
    }
    reply(404, { error: { code: 'UNKNOWN_CONTEXT', message: 'Unknown context' } });
  });
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const cairn = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['cli/cairn.mjs', ...args], {
    env: { ...process.env, CAIRN_URL: '', CAIRN_TOKEN: '', ...env },
  });

describe('the CLI against a deployed stack', () => {
  it('sends the bearer token to the given base URL, the flags before or after the command', async () => {
    received.length = 0;
    const { stdout } = await cairn(['--url', base, '--token', TOKEN, 'contexts', 'list']);
    expect(stdout).toMatch(/^shop\s+active\s+created 2026-11-23T10:00:00.000Z$/m);
    const created = await cairn(['contexts', 'create', 'shop', `--url=${base}/`, `--token=${TOKEN}`]);
    expect(created.stdout).toMatch(/^shop\s+active/);
    expect(received.map(({ method, url, headers }) => [method, url, headers.authorization])).toEqual([
      ['GET', '/prod/v1/_admin/contexts', `Bearer ${TOKEN}`],
      ['POST', '/prod/v1/_admin/contexts', `Bearer ${TOKEN}`],
    ]);
    expect(JSON.parse(received[1]?.body ?? '')).toEqual({ name: 'shop' });
  }, 30_000);

  it('takes CAIRN_URL and CAIRN_TOKEN, for replay too', async () => {
    received.length = 0;
    const { stdout } = await cairn(['replay', 'todoList'], { CAIRN_URL: base, CAIRN_TOKEN: TOKEN });
    expect(stdout).toMatch(/todoList rebuilt in context default: generation 2 is live/);
    expect(received.map(({ url, headers }) => [url, headers.authorization])).toEqual([
      ['/prod/v1/default/_admin/projections/todoList/rebuild', `Bearer ${TOKEN}`],
    ]);
  }, 30_000);

  it("prints the stack's refusal and exits 1", async () => {
    const other = 'eyJhbGciOiJIUzI1NiJ9.e30.b3RoZXI';
    await expect(cairn(['--url', base, '--token', other, 'contexts', 'list'])).rejects.toMatchObject({
      code: 1,
      stderr: 'the runtime refused the token of --token: Unauthorized [401 GATEWAY]\n',
    });
  }, 30_000);
});

describe('the CLI against a local runtime (the default)', () => {
  it('mints its own token with the runtime secret when none is given', async () => {
    received.length = 0;
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-cli-'));
    localJwtSecret(dataDir, {}); // as the runtime does on its first start
    await expect(cairn(['contexts', 'list'], { CAIRN_URL: base, CAIRN_DATA_DIR: dataDir })).rejects.toMatchObject({
      code: 1,
    });
    expect(received[0]?.headers.authorization).toMatch(/^Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  }, 30_000);

  it('sends no token when the data directory has no secret, and creates none there', async () => {
    received.length = 0;
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cairn-cli-')), 'elsewhere');
    await expect(cairn(['contexts', 'list'], { CAIRN_URL: base, CAIRN_DATA_DIR: dataDir })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`there is no ${join(dataDir, 'dev-secret')} to sign one with`),
    });
    expect(received[0]?.headers.authorization).toBeUndefined();
    expect(existsSync(dataDir)).toBe(false);
  }, 30_000);
});

describe('the target of the HTTP commands', () => {
  it('is the local runtime by default, and the flag before the environment', () => {
    expect(adminTarget({}, {})).toEqual({
      url: 'http://127.0.0.1:3000',
      token: undefined,
      urlFrom: 'default',
      tokenFrom: undefined,
    });
    expect(adminTarget({ url: 'https://a.example/prod/', token: TOKEN }, { CAIRN_URL: 'http://b' })).toEqual({
      url: 'https://a.example/prod',
      token: TOKEN,
      urlFrom: '--url',
      tokenFrom: '--token',
    });
    expect(adminTarget({}, { CAIRN_URL: 'https://b.example/dev', CAIRN_TOKEN: TOKEN })).toEqual({
      url: 'https://b.example/dev',
      token: TOKEN,
      urlFrom: 'CAIRN_URL',
      tokenFrom: 'CAIRN_TOKEN',
    });
  });

  it('refuses each bad input with a UsageError', () => {
    const bad = [
      { url: 'not a url' },
      { url: 'ftp://a.example' },
      { url: 'https://a.example/prod?x=1', token: TOKEN },
      { url: 'https://a.example/prod' },
      { token: 'not-a-jwt' },
    ];
    for (const flags of bad) expect(() => adminTarget(flags, {}), JSON.stringify(flags)).toThrow(UsageError);
  });
});
