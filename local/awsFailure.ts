import { oneLine } from './oneLine';

/** An error of the AWS SDK (it carries `$metadata`), or of its credential chain. */
export const isAwsFailure = (error: unknown): error is Error & { code?: string } =>
  error instanceof Error &&
  ((error as { $metadata?: unknown }).$metadata !== undefined || error.name === 'CredentialsProviderError');

/**
 * A failure of the stores of CAIRN_STORE=aws, for `npm start` and the CLI alike, as one line that
 * says what to change: nothing answers (no emulators), no credentials, a table or queue missing.
 */
export const awsFailureLine = (error: Error & { code?: string }): string => {
  const what = oneLine(error.message);
  if (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || error.code === 'ETIMEDOUT') {
    return `CAIRN_STORE=aws cannot reach AWS (${what}): start the emulators (DynamoDB Local, npm run localstack), or check AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_*`;
  }
  if (error.name === 'CredentialsProviderError') {
    return `CAIRN_STORE=aws found no AWS credentials (${what}): set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
  }
  if (error.name === 'ResourceNotFoundException' || error.name.includes('NonExistentQueue')) {
    return `CAIRN_STORE=aws: ${what} (${error.name}): deploy the stack, or name its tables and queues (EVENTS_TABLE, COMMAND_QUEUE_URL, …)`;
  }
  return `CAIRN_STORE=aws: AWS refused a call: ${error.name}: ${what}`;
};

/** The variable that `requireEnv` found missing, from its error: the AWS adapters need the stack's names. */
export const missingVariable = (error: unknown): string | undefined =>
  /^Missing required environment variable (\w+)/.exec((error as Error | undefined)?.message ?? '')?.[1];
