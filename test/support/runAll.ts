/**
 * `npm test`: starts DynamoDB Local and LocalStack once (installing LocalStack first if it is
 * missing), runs every test layer against them, stops them. Endpoints already given in
 * DYNAMODB_ENDPOINT / LOCALSTACK_ENDPOINT are used instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  EMULATOR_AWS_ENV,
  type Emulator,
  LAMBDA_NODE,
  LOCALSTACK_PYTHON,
  startDynamoDbLocal,
  startLocalStack,
} from './emulators';

const started: Emulator[] = [];
// The SDK warns once per process that Node 20 support ends in 2027; Lambda runs Node 22.
const env: NodeJS.ProcessEnv = {
  ...EMULATOR_AWS_ENV,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...process.env,
};
const stopAll = () => Promise.all(started.map((emulator) => emulator.stop()));

// On a fresh machine `npm install && npm test` is enough: the emulators are installed on first use.
const missing = [
  !env.LOCALSTACK_ENDPOINT && !(existsSync(LOCALSTACK_PYTHON) && existsSync(LAMBDA_NODE)) && 'LocalStack',
  !env.CHROMIUM_PATH && !existsSync('/usr/bin/chromium') && 'chromium',
].filter(Boolean);
if (missing.length > 0) {
  console.log(`${missing.join(' and ')} not installed yet: running \`npm run emulators:install\` (once)`);
  const install = spawnSync('bash', ['test/emulators/install.sh'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

try {
  const t0 = Date.now();
  const [dynamo, localstack] = await Promise.all([
    env.DYNAMODB_ENDPOINT ? undefined : startDynamoDbLocal(),
    env.LOCALSTACK_ENDPOINT ? undefined : startLocalStack(),
  ]);
  for (const emulator of [dynamo, localstack]) if (emulator) started.push(emulator);
  env.DYNAMODB_ENDPOINT ??= dynamo?.endpoint;
  env.LOCALSTACK_ENDPOINT ??= localstack?.endpoint;
  console.log(
    `emulators ready in ${Date.now() - t0} ms: DynamoDB ${env.DYNAMODB_ENDPOINT}, LocalStack ${env.LOCALSTACK_ENDPOINT}`,
  );
  const code = await new Promise<number>((done) => {
    const child = spawn('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env });
    child.on('exit', (exitCode) => done(exitCode ?? 1));
  });
  await stopAll();
  process.exit(code);
} catch (error) {
  console.error(error);
  await stopAll();
  process.exit(1);
}
