/**
 * `npm run dev` as a developer runs it: the runtime restarted when the domain code changes (a file
 * under shared/, then one under functions/, touched: their content is never changed, so the
 * tree is left as it was), each old process giving back the port and the data directory's LOCK
 * before the next one takes them. The same port, the same data, the same dev secret throughout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort } from '../support/commandLineRun';
import { getJson, postJson } from '../support/localRuntimeProcess';
import { until } from '../support/until';

const DOMAIN_FILE = 'shared/domain/todoList/decider.ts';
const ENTRY_FILE = 'functions/command/commandApi.lambda.ts';
/** Their times before the test, put back after it (putting them back while it watches would restart it). */
const times = [DOMAIN_FILE, ENTRY_FILE].map((file) => ({ file, ...statSync(file) }));
const dataDir = mkdtempSync(join(tmpdir(), 'cairn-dev-'));
let dev: ChildProcess | undefined;
let output = '';

const starts = () => [...output.matchAll(/listening on (http:\/\/\S+)/g)].map((match) => match[1]);
const lockHolder = () => (existsSync(join(dataDir, 'LOCK')) ? readFileSync(join(dataDir, 'LOCK'), 'utf8') : '');
const touch = (file: string) => {
  const now = new Date();
  utimesSync(file, now, now);
};

/** Stops `npm run dev` as Ctrl+C in its terminal does: the signal to its whole process group. */
const stopDev = async () => {
  if (!dev?.pid || dev.exitCode !== null || dev.signalCode !== null) return;
  const exited = new Promise((resolve) => dev?.once('exit', resolve));
  process.kill(-dev.pid, 'SIGINT');
  await exited;
};

afterAll(async () => {
  await stopDev();
  for (const { file, atime, mtime } of times) utimesSync(file, atime, mtime);
});

describe('npm run dev', () => {
  it('restarts the runtime on a change to the domain code, on the same port, data and secret', async () => {
    const port = await freePort();
    dev = spawn('npm', ['run', '--silent', 'dev'], {
      env: cleanEnv({ PORT: String(port), CAIRN_DATA_DIR: dataDir }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, as a terminal gives it
    });
    dev.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    dev.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    await until(() => /dev token[^\n]*\n(ey\S+)/.test(output), 40_000);
    const url = `http://127.0.0.1:${port}`;
    expect(starts()).toEqual([url]);
    const devToken = /dev token[^\n]*\n(ey\S+)/.exec(output)?.[1] ?? '';
    const first = lockHolder();
    expect(first).toMatch(/^\d+$/);
    const auth = { authorization: `Bearer ${devToken}` };
    const create = { type: 'CreateTodoList', aggregateId: 'before-restart', payload: { title: 'Kept' } };
    expect((await postJson(`${url}/v1/default/commands`, create, auth)).status).toBe(200);

    touch(DOMAIN_FILE);
    await until(() => starts().length === 2, 40_000);
    const second = lockHolder();
    expect(second).toMatch(/^\d+$/);
    expect(second).not.toBe(first);
    expect(output).toContain(`change in ./${DOMAIN_FILE}`);
    // The token the first process printed is accepted by the second (the same secret), for the data
    // the first wrote (the same data directory).
    await until(async () => (await getJson(`${url}/v1/default/views/todoList/before-restart`, auth)).status === 200);
    const view = await getJson(`${url}/v1/default/views/todoList/before-restart`, auth);
    expect(view.json.data).toMatchObject({ title: 'Kept' });

    touch(ENTRY_FILE);
    await until(() => starts().length === 3, 40_000);
    expect(lockHolder()).not.toBe(second);
    expect(starts()).toEqual([url, url, url]);
    expect(output).not.toMatch(/in use|EADDRINUSE|Force killing/);

    await stopDev();
    expect(lockHolder()).toBe(''); // the last runtime gave the directory back too
  }, 150_000);
});
