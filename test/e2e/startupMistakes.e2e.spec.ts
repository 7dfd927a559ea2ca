/**
 * `npm start` (`tsx local/main.ts`) when it cannot start: a busy port, a data directory another
 * process holds, an unusable one, an address that is not this machine's, AWS that does not answer
 * (exit 1), a bad value in any variable it reads (exit 2): one line on stderr each, naming the
 * thing at fault and the way out, never a stack. And when it starts: not a word from the AWS SDK,
 * also when the user has not silenced the SDK's Node-version notice themselves.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectOneLine, freePort, runToEnd } from '../support/commandLineRun';
import { watchRuntimeOutput } from '../support/localRuntimeProcess';
import { until } from '../support/until';

const freshDir = () => mkdtempSync(join(tmpdir(), 'cairn-start-'));
/** `npm start`'s program, left to end by itself: it must, when it cannot start. */
const npmStart = (env: Record<string, string | undefined>) =>
  runToEnd(process.execPath, ['--import', 'tsx', 'local/main.ts'], { PORT: '0', CAIRN_DATA_DIR: freshDir(), ...env });
/** Everything the SDK prints on its own: its Node-version notice, any process warning. */
const SDK_NOISE = /NodeVersionSupportWarning|AWS SDK|\(node:\d+\) |Warning:/;

let taken: Server;
let takenPort = 0;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const address = taken.address();
  takenPort = typeof address === 'object' && address ? address.port : 0;
});
afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

describe('npm start when it cannot start: one line, exit 1', () => {
  it('names the busy port and another to use', async () => {
    const line = expectOneLine(await npmStart({ PORT: String(takenPort) }), 1, /in use/);
    expect(line).toBe(`port ${takenPort} is in use: stop what listens there, or run PORT=${takenPort + 1} npm start`);
  });

  it('names the data directory in use, the process in its LOCK, and the way out; the LOCK stays its holder’s', async () => {
    const dataDir = freshDir();
    // A live process that is not the runtime: this test's own.
    writeFileSync(join(dataDir, 'LOCK'), String(process.pid));
    const line = expectOneLine(await npmStart({ CAIRN_DATA_DIR: dataDir }), 1, /in use/);
    expect(line).toBe(
      `${dataDir} is in use by process ${process.pid} (named in its LOCK file): stop that runtime, or give this one its own directory: CAIRN_DATA_DIR=${dataDir}-2 npm start`,
    );
    expect(readFileSync(join(dataDir, 'LOCK'), 'utf8')).toBe(String(process.pid));
  });

  it('a data directory that is a file, an address that is not this machine’s, a busy management port', async () => {
    const file = join(freshDir(), 'data');
    writeFileSync(file, '');
    expectOneLine(
      await npmStart({ CAIRN_DATA_DIR: file }),
      1,
      /^cannot keep data in \/\S+: \S+ is a file, not a directory/,
    );
    // 192.0.2.1 is TEST-NET-1: documentation only, never an address of this machine.
    expectOneLine(await npmStart({ HOST: '192.0.2.1' }), 1, /^HOST 192\.0\.2\.1 is not an address of this machine/);
    expectOneLine(
      await npmStart({ CAIRN_MANAGEMENT_PORT: String(takenPort) }),
      1,
      new RegExp(`^CAIRN_MANAGEMENT_PORT ${takenPort} is in use`),
    );
  }, 60_000);

  it('CAIRN_STORE=aws with nothing at the endpoint: says so, and the SDK says nothing', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const finished = await npmStart({
      CAIRN_STORE: 'aws',
      AWS_ENDPOINT_URL: nobody,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined,
    });
    expectOneLine(
      finished,
      1,
      /^CAIRN_STORE=aws cannot reach AWS \(connect ECONNREFUSED [\d.:]+\): start the emulators/,
    );
    expect(finished.stderr).not.toMatch(SDK_NOISE);
  }, 60_000);
});

describe('npm start with a bad setting: one line naming the variable, exit 2', () => {
  /**
   * Each start is a process of its own that refuses before it touches anything: three at once
   * (most of each is Node starting and loading modules), a few per test.
   */
  const refuses = async (bad: [Record<string, string>, RegExp][]) => {
    for (let i = 0; i < bad.length; i += 3) {
      await Promise.all(
        bad.slice(i, i + 3).map(async ([env, names]) => void expectOneLine(await npmStart(env), 2, names)),
      );
    }
  };

  it('the address, the store, auth, contexts, CORS, token lifetime', async () => {
    await refuses([
      [{ PORT: 'abc' }, /^PORT 'abc' is not a port number \(0 to 65535; 0 takes any free port\)$/m],
      [{ PORT: '70000' }, /^PORT '70000' is not a port number/],
      [{ CAIRN_STORE: 'dynamo' }, /^CAIRN_STORE 'dynamo' is not one of embedded, aws \(default embedded\)$/m],
      [{ CAIRN_AUTH: 'maybe' }, /^CAIRN_AUTH 'maybe' is not one of on, off/],
      [{ CAIRN_CONTEXTS: 'default,Shop' }, /^CAIRN_CONTEXTS: 'Shop' is not a context name/],
      [{ CAIRN_CORS_ORIGINS: 'everyone' }, /^CAIRN_CORS_ORIGINS: CORS origin 'everyone' is not an origin/],
      [{ CAIRN_TOKEN_MAX_LIFETIME: '5' }, /^CAIRN_TOKEN_MAX_LIFETIME must be a number of seconds, at least 60/],
    ]);
  }, 120_000);

  it('OIDC, processes, leases, queues, the management API', async () => {
    await refuses([
      [{ CAIRN_OIDC_ISSUER: 'issuer' }, /^CAIRN_OIDC_ISSUER 'issuer' is not a URL/],
      [{ CAIRN_ARCHIVE_AFTER: '7d' }, /^CAIRN_ARCHIVE_AFTER: '7d' is not an ISO 8601 duration/],
      [{ CAIRN_STREAM_LEASE: 'PT0.5S' }, /^CAIRN_STREAM_LEASE 'PT0.5S' is too short: at least 1 s/],
      [
        { CAIRN_QUEUE_VISIBILITY_SECONDS: 'soon' },
        /^CAIRN_QUEUE_VISIBILITY_SECONDS 'soon' is not a whole number of seconds/,
      ],
      [{ CAIRN_MANAGEMENT_PORT: '-1' }, /^CAIRN_MANAGEMENT_PORT '-1' is not a port number/],
      [{ CAIRN_MANAGEMENT_URL: '10.0.0.5:4001' }, /^CAIRN_MANAGEMENT_URL '10\.0\.0\.5:4001' is not a URL/],
    ]);
  }, 120_000);
});

describe('npm start when it starts', () => {
  it('prints nothing of the AWS SDK on the embedded stores, with the notice not silenced by the user', async () => {
    const child = spawn('node_modules/.bin/tsx', ['local/main.ts'], {
      env: cleanEnv({
        PORT: '0',
        CAIRN_DATA_DIR: freshDir(),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { url, output } = watchRuntimeOutput(child, 30_000);
    await url;
    // Until the dev token, the last line of the banner, is out; the SDK's first client is made before.
    await until(() => /dev token[^\n]*\n\S+/.test(output()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toMatch(/^Cairn local runtime listening on http:/);
    expect(output()).not.toMatch(SDK_NOISE);
  }, 60_000);
});
