/**
 * `npm test`: starts DynamoDB Local and LocalStack once, runs every test layer against them, stops
 * them. Endpoints already given in DYNAMODB_ENDPOINT / LOCALSTACK_ENDPOINT are used instead.
 */
import { spawn } from 'node:child_process';
import { EMULATOR_AWS_ENV, type Emulator, startDynamoDbLocal, startLocalStack } from './emulators';

const started: Emulator[] = [];
const env: NodeJS.ProcessEnv = { ...EMULATOR_AWS_ENV, ...process.env };
const stopAll = () => Promise.all(started.map((emulator) => emulator.stop()));

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
