/**
 * `npm start` as a new user gets it: auth on by default with a printed dev token, and the `_admin`
 * area that lists, creates and retires contexts and starts rebuilds — through `npx cairn` too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type JsonResponse,
  postJson,
  printedDevToken,
  type RuntimeProcess,
  startRuntimeProcess,
} from '../support/localRuntimeProcess';
import { connectSocket } from '../support/socketClient';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'cairn-admin-'));
let runtime: RuntimeProcess;
let devToken = '';

const call = async (method: string, path: string, token?: string, body?: unknown): Promise<JsonResponse> => {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body) headers['content-type'] = 'application/json';
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
};
const cairn = (...args: string[]) =>
  run('node_modules/.bin/tsx', ['cli/cairn.mjs', ...args], {
    env: { ...process.env, CAIRN_URL: runtime.url, CAIRN_DATA_DIR: dataDir },
  });
const mint = async (context: string, role: string) =>
  (await cairn('token', '--context', context, '--role', role)).stdout.trim();

beforeAll(async () => {
  // CAIRN_AUTH empty is a fresh shell's unset variable: the default applies.
  runtime = await startRuntimeProcess({ CAIRN_AUTH: '', CAIRN_DATA_DIR: dataDir, CAIRN_CONTEXTS: 'default' });
  devToken = await printedDevToken(runtime);
});
afterAll(async () => {
  await runtime?.stop();
});

describe('npm start, out of the box', () => {
  it('checks tokens by default and prints a dev token that is admin in default and in _admin', async () => {
    const create = { type: 'CreateTodoList', aggregateId: 'l1', payload: { title: 'Mine' } };
    expect((await postJson(`${runtime.url}/v1/default/commands`, create)).status).toBe(401);
    expect(devToken).toMatch(/^ey/);
    expect(
      (await postJson(`${runtime.url}/v1/default/commands`, create, { authorization: `Bearer ${devToken}` })).status,
    ).toBe(200);
    expect((await call('GET', '/v1/_admin/contexts', devToken)).status).toBe(200);
  });

  it('mints tokens with npx cairn token, which the runtime accepts for exactly what they grant', async () => {
    const reader = await mint('default', 'reader');
    expect((await call('GET', '/v1/default/views/todoList/l1', reader)).status).toBe(200);
    const refused = await call('POST', '/v1/default/commands', reader, {
      type: 'ArchiveTodoList',
      aggregateId: 'l1',
      payload: {},
    });
    expect([refused.status, refused.json.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('the _admin area', () => {
  it('is for admins of _admin only: 401 without a token, 403 for an admin of a context', async () => {
    expect((await call('GET', '/v1/_admin/contexts')).status).toBe(401);
    const contextAdmin = await mint('default', 'admin');
    const forbidden = await call('GET', '/v1/_admin/contexts', contextAdmin);
    expect([forbidden.status, forbidden.json.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('creates a context that then takes commands and sockets, and retires it: refused everywhere, kept on disk', async () => {
    const created = await call('POST', '/v1/_admin/contexts', devToken, { name: 'shop' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'shop', state: 'active' });
    const again = await call('POST', '/v1/_admin/contexts', devToken, { name: 'shop' });
    expect([again.status, again.json.error.code]).toEqual([409, 'CONTEXT_EXISTS']);
    for (const name of ['Shop', '_admin', 'a#b', '', 'x'.repeat(40)]) {
      const bad = await call('POST', '/v1/_admin/contexts', devToken, { name });
      expect([bad.status, bad.json.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }

    const shopWriter = await mint('shop', 'writer');
    const order = { type: 'CreateTodoList', aggregateId: 'o1', payload: { title: 'Order' } };
    expect((await call('POST', '/v1/shop/commands', shopWriter, order)).status).toBe(200);
    const socket = await connectSocket(`${runtime.url.replace('http', 'ws')}/ws?context=shop&token=${shopWriter}`);
    socket.close();

    const retired = await call('DELETE', '/v1/_admin/contexts/shop', devToken);
    expect(retired.json).toMatchObject({ name: 'shop', state: 'retired', retiredAt: expect.any(String) });
    const afterwards = await call('POST', '/v1/shop/commands', shopWriter, { ...order, aggregateId: 'o2' });
    expect([afterwards.status, afterwards.json.error.code]).toEqual([404, 'UNKNOWN_CONTEXT']);
    await expect(
      connectSocket(`${runtime.url.replace('http', 'ws')}/ws?context=shop&token=${shopWriter}`),
    ).rejects.toThrow();
    const reuse = await call('POST', '/v1/_admin/contexts', devToken, { name: 'shop' });
    expect(reuse.json.error.code).toBe('CONTEXT_EXISTS');
    const records = JSON.parse(readFileSync(join(dataDir, 'contexts.json'), 'utf8'));
    expect(records.map((record: { name: string; state: string }) => [record.name, record.state])).toEqual([
      ['default', 'active'],
      ['shop', 'retired'],
    ]);
  });

  it('is what npx cairn contexts and npx cairn replay use', async () => {
    const { stdout: created } = await cairn('contexts', 'create', 'billing');
    expect(created).toMatch(/^billing\s+active/);
    const { stdout: listed } = await cairn('contexts', 'list');
    expect(
      listed
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/\s+/).slice(0, 2)),
    ).toEqual([
      ['billing', 'active'],
      ['default', 'active'],
      ['shop', 'retired'],
    ]);
    const { stdout: replayed } = await cairn('replay', 'todoList', '--context', 'default');
    expect(replayed).toMatch(/todoList rebuilt in context default: generation \d+ is live/);
    await expect(cairn('contexts', 'retire', 'nope')).rejects.toMatchObject({
      stderr: expect.stringContaining('404 UNKNOWN_CONTEXT'),
    });
  });
});
