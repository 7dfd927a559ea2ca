/**
 * Each Lambda's bundle, built as the CDK stack builds it (esbuild, minified ESM, AWS SDK left to
 * the runtime): its size minified and zipped, and its cold start measured as the wall time of a
 * fresh Node process that loads the bundle and runs one invocation (with an event that needs no
 * AWS call). Median of several processes. Node here is 20; Lambda runs 24.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { median, round } from '../stats';

const FUNCTIONS: { name: string; entry: string; event: unknown }[] = [
  {
    name: 'command http',
    entry: 'functions/command/http.ts',
    event: { httpMethod: 'GET', path: '/health', headers: {}, queryStringParameters: null, body: null },
  },
  { name: 'command worker', entry: 'functions/command/worker.ts', event: { Records: [] } },
  { name: 'stream publisher', entry: 'functions/projection/publisher.ts', event: { Records: [] } },
  { name: 'projection worker', entry: 'functions/projection/worker.ts', event: { Records: [] } },
  {
    name: 'query',
    entry: 'functions/projection/query.ts',
    event: { httpMethod: 'GET', path: '/v1/default/views/nope/k', headers: {}, queryStringParameters: null },
  },
  {
    name: 'websocket',
    entry: 'functions/websocket/handler.ts',
    event: { requestContext: { routeKey: '$connect', connectionId: 'x' }, queryStringParameters: { context: 'Bad!' } },
  },
  {
    // A token refused before the secret is needed: API Gateway's 401 ("Unauthorized" thrown).
    name: 'authorizer',
    entry: 'functions/auth/authorizer.ts',
    event: { type: 'TOKEN', authorizationToken: 'Basic x', methodArn: 'arn:aws:execute-api:us-east-1:0:a/dev/GET/x' },
  },
];

const ENV = {
  EVENTS_TABLE: 'e',
  COMMANDS_TABLE: 'c',
  VIEWS_TABLE: 'v',
  CONNECTIONS_TABLE: 'n',
  COMMAND_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/0/c.fifo',
  PROJECTION_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/0/p.fifo',
  EVENT_BUS_NAME: 'b',
  JWT_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:0:secret:jwt-AbCdEf',
  WEBSOCKET_ENDPOINT: 'https://example.execute-api.us-east-1.amazonaws.com/dev',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export const measureBundles = async (runs: number) => {
  // Inside the repository, so that the externalised AWS SDK resolves from node_modules as in Lambda.
  const dir = resolve('.bench-bundles');
  mkdirSync(dir, { recursive: true });
  const rows = [];
  for (const fn of FUNCTIONS) {
    const outfile = join(dir, `${fn.entry.replace(/[/.]/g, '_')}.mjs`);
    await build({
      entryPoints: [fn.entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      minify: true,
      outfile,
      external: ['@aws-sdk/*'],
      mainFields: ['module', 'main'],
      banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
      logLevel: 'error',
    });
    const code = readFileSync(outfile);
    const runner = join(dir, 'invoke.mjs');
    writeFileSync(
      runner,
      `const t0 = performance.now(); const m = await import(process.argv[2]); const t1 = performance.now();
       await m.handler(JSON.parse(process.argv[3]), { functionName: 'bench', getRemainingTimeInMillis: () => 30000 })
         .catch((error) => { if (error.message !== 'Unauthorized') throw error; });
       console.log(JSON.stringify({ load: t1 - t0, total: performance.now() - t0 }));`,
    );
    const loads: number[] = [];
    const totals: number[] = [];
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(process.execPath, [runner, outfile, JSON.stringify(fn.event)], {
        env: { ...process.env, ...ENV },
        encoding: 'utf8',
      });
      const { load, total } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { load: number; total: number };
      loads.push(load);
      totals.push(total);
    }
    rows.push({
      function: fn.name,
      minifiedKB: round(code.length / 1024, 1),
      zippedKB: round(gzipSync(code).length / 1024, 1),
      loadMs: round(median(loads), 1),
      loadAndInvokeMs: round(median(totals), 1),
    });
  }
  return rows;
};
