/**
 * `npm run deploy:localstack [-- <cdk deploy options>]`: bootstraps and deploys the stack to a
 * LocalStack endpoint with `cdklocal` (aws-cdk-local).
 *
 * - Endpoint: LOCALSTACK_ENDPOINT, else http://localhost:4566. It is also used for S3 (path-style):
 *   cdklocal's default, s3.localhost.localstack.cloud, needs public DNS.
 * - LocalStack's open-source edition has no API Gateway WebSocket API: always `-c websocket=false`.
 * - Its Lambda runs functions in Docker, or, in the LocalStack that `npm test` starts, as local
 *   Node.js processes (the cairn-process executor of test/emulators/lambda-process): then the
 *   whole stack is deployed. With neither, this deploys the data plane alone (`-c functions=false`:
 *   tables, queues, bus, dead-letter alarms) for handlers run in-process (`CAIRN_STORE=aws npm
 *   start` with the printed variables). `-c functions=true|false` decides instead.
 * Any other arguments go to `cdklocal deploy` (e.g. `-c stage=ci --outputs-file out.json`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV } from '#runtime/environment';

const endpoint = process.env.LOCALSTACK_ENDPOINT ?? 'http://localhost:4566';
const args = process.argv.slice(2);
const given = (name: string) => args.some((arg, i) => args[i - 1] === '-c' && arg.startsWith(`${name}=`));
const dockerEngine = () => spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
/** The LocalStack runs functions as local processes (test/emulators/lambda-process), no Docker needed. */
const processExecutor = async () => {
  try {
    const answer = await fetch(`${endpoint}/_cairn/lambda-executor`, { signal: AbortSignal.timeout(5_000) });
    return answer.ok && ((await answer.json()) as { executor?: string }).executor === 'cairn-process';
  } catch {
    return false;
  }
};

const functionsFlag: string[] = [];
if (!given('functions')) {
  const processes = await processExecutor();
  const functions = processes || dockerEngine();
  functionsFlag.push('-c', `functions=${functions}`);
  console.log(
    processes
      ? 'LocalStack runs functions as local Node.js processes (cairn-process): deploying the whole stack.'
      : functions
        ? 'A Docker engine answers: deploying the functions too (LocalStack runs them in containers).'
        : 'No Docker engine: deploying the data plane only (-c functions=false); run the handlers with npm start.',
  );
}
const stageArg = args.find((arg, i) => args[i - 1] === '-c' && arg.startsWith('stage='));
const stage = stageArg?.slice('stage='.length) ?? 'dev';
const outputsGiven = args.indexOf('--outputs-file');
const outputsFile =
  (outputsGiven >= 0 && args[outputsGiven + 1]) || join(mkdtempSync(join(tmpdir(), 'cairn-')), 'outputs.json');

const env = {
  ...process.env,
  AWS_ENDPOINT_URL: endpoint,
  AWS_ENDPOINT_URL_S3: endpoint,
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
  AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
};
const cdklocal = (cdkArgs: string[]) => {
  const run = spawnSync('npx', ['cdklocal', ...cdkArgs], { stdio: 'inherit', env });
  if (run.status !== 0) process.exit(run.status ?? 1);
};

console.log(
  "No WebSocket API: LocalStack's open-source edition has none (-c websocket=false); the local runtime's gateway serves sockets.",
);
cdklocal(['bootstrap']);
cdklocal([
  'deploy',
  '--require-approval',
  'never',
  '-c',
  'websocket=false',
  // No CloudFront in LocalStack's open-source edition, and CDK's BucketDeployment is a Python function.
  '-c',
  'consoleSite=false',
  '-c',
  'retainData=false',
  ...functionsFlag,
  ...(outputsGiven >= 0 ? [] : ['--outputs-file', outputsFile]),
  ...args,
]);

// The variables that point the local runtime (handlers in-process) at what was deployed.
const outputs = (JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, Record<string, string> | undefined>)[
  `Cairn-${stage}`
];
if (outputs) {
  const runtimeEnv = {
    CAIRN_STORE: 'aws',
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: env.AWS_REGION,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    [ENV.eventsTable]: outputs.EventsTableName,
    [ENV.commandsTable]: outputs.CommandsTableName,
    [ENV.snapshotsTable]: outputs.SnapshotsTableName,
    [ENV.viewsTable]: outputs.ViewsTableName,
    [ENV.connectionsTable]: outputs.ConnectionsTableName,
    [ENV.contextsTable]: outputs.ContextsTableName,
    [ENV.commandQueueUrl]: outputs.CommandQueueUrl,
    [ENV.projectionQueueUrl]: outputs.ProjectionQueueUrl,
    [ENV.projectionDlqUrl]: outputs.ProjectionDeadLetterQueueUrl,
    [ENV.eventBusName]: outputs.EventBusName,
    [ENV.processesTable]: outputs.ProcessesTableName,
    [ENV.processQueueUrl]: outputs.ProcessQueueUrl,
    [ENV.processQueueArn]: outputs.ProcessQueueArn,
    [ENV.processDlqUrl]: outputs.ProcessDeadLetterQueueUrl,
    [ENV.scheduleGroup]: outputs.ScheduleGroupName,
    [ENV.schedulerRoleArn]: outputs.SchedulerRoleArn,
  };
  console.log('\nRun the handlers in-process against this deployment:\n');
  console.log(
    `${Object.entries(runtimeEnv)
      .map(([name, value]) => `${name}=${value}`)
      .join(' \\\n  ')} \\\n  npm start`,
  );
}
