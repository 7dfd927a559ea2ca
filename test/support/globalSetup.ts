import { EMULATOR_AWS_ENV, type Emulator, startDynamoDbLocal, startLocalStack } from './emulators';

/**
 * Starts the emulators a test layer needs, unless `npm test` (or the user) already did and passed
 * their endpoints: DYNAMODB_ENDPOINT, LOCALSTACK_ENDPOINT (a user's Docker LocalStack works too).
 */
export default async function setup(): Promise<() => Promise<void>> {
  Object.assign(process.env, { ...EMULATOR_AWS_ENV, ...process.env });
  const started: Emulator[] = [];
  if (!process.env.DYNAMODB_ENDPOINT) {
    const dynamo = await startDynamoDbLocal();
    started.push(dynamo);
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  }
  if (!process.env.LOCALSTACK_ENDPOINT) {
    const localstack = await startLocalStack();
    started.push(localstack);
    process.env.LOCALSTACK_ENDPOINT = localstack.endpoint;
  }
  return async () => {
    await Promise.all(started.map((emulator) => emulator.stop()));
  };
}
