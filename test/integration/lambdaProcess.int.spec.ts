/**
 * LocalStack's Lambda without Docker: the `cairn-process` runtime executor runs each execution
 * environment as a Node.js 24 process (test/emulators/lambda-process). Checked here as a user of
 * the Lambda API sees it: an ESM handler importing the AWS SDK from the runtime, the `context`,
 * errors and timeouts reported as Lambda reports them, and an SQS FIFO event source mapping.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_AWS_ENV } from '../support/emulators';
import { until } from '../support/until';

const endpoint = () => process.env.LOCALSTACK_ENDPOINT ?? '';
const clientConfig = () => ({
  endpoint: endpoint(),
  region: EMULATOR_AWS_ENV.AWS_REGION,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
let lambda: LambdaClient;
let sqs: SQSClient;
const suffix = Math.random().toString(36).slice(2, 8);

/** The functions' code: one ESM file, zipped as the CDK zips a bundle. */
const SOURCE = `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
export const echo = async (event, context) => ({
  event,
  requestId: context.awsRequestId,
  functionName: context.functionName,
  remainingMs: context.getRemainingTimeInMillis(),
  node: process.version,
  region: process.env.AWS_REGION,
  custom: process.env.CUSTOM,
  sdk: typeof SQSClient,
});
export const fails = async () => { throw new TypeError('boom'); };
export const hangs = () => new Promise(() => {});
export const forward = async (event) => {
  const sqs = new SQSClient({});
  for (const record of event.Records) {
    await sqs.send(new SendMessageCommand({ QueueUrl: process.env.OUT_QUEUE, MessageBody: 'seen:' + record.body, MessageGroupId: 'g' }));
  }
  return { batchItemFailures: [] };
};
`;

const zipped = (): Uint8Array => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-fn-'));
  writeFileSync(join(dir, 'index.mjs'), SOURCE);
  execFileSync('zip', ['-q', 'code.zip', 'index.mjs'], { cwd: dir });
  return readFileSync(join(dir, 'code.zip'));
};

const createFunction = async (
  name: string,
  handler: string,
  extra: { timeout?: number; env?: Record<string, string> } = {},
) => {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: `${name}-${suffix}`,
      Runtime: 'nodejs24.x',
      Handler: `index.${handler}`,
      Role: 'arn:aws:iam::000000000000:role/lambda-role',
      Code: { ZipFile: zipped() },
      Timeout: extra.timeout ?? 10,
      Environment: { Variables: extra.env ?? {} },
    }),
  );
  await until(async () => {
    const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: `${name}-${suffix}` }));
    return Configuration?.State === 'Active';
  }, 60_000);
  return `${name}-${suffix}`;
};

const invoke = async (name: string, payload: unknown) => {
  const answer = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
  );
  return { error: answer.FunctionError, body: JSON.parse(new TextDecoder().decode(answer.Payload)) };
};

beforeAll(() => {
  lambda = new LambdaClient(clientConfig());
  sqs = new SQSClient(clientConfig());
});
afterAll(() => {
  lambda?.destroy();
  sqs?.destroy();
});

describe('Lambda in LocalStack without Docker (cairn-process)', () => {
  it('runs an ESM handler on Node.js 24, with the AWS SDK from the runtime and Lambda’s context', async () => {
    const name = await createFunction('echo', 'echo', { env: { CUSTOM: 'yes' } });
    const first = await invoke(name, { hello: 'world' });
    expect(first.error).toBeUndefined();
    expect(first.body).toMatchObject({
      event: { hello: 'world' },
      functionName: name,
      node: expect.stringMatching(/^v24\./),
      region: EMULATOR_AWS_ENV.AWS_REGION,
      custom: 'yes',
      sdk: 'function',
    });
    expect(first.body.remainingMs).toBeGreaterThan(5_000);
    expect(first.body.remainingMs).toBeLessThanOrEqual(10_000);
    const second = await invoke(name, { n: 2 });
    expect(second.body.requestId).not.toBe(first.body.requestId);
  });

  it('reports a thrown error and a timeout as Lambda does', async () => {
    const failing = await createFunction('fails', 'fails');
    expect(await invoke(failing, {})).toMatchObject({
      error: 'Unhandled',
      body: { errorType: 'TypeError', errorMessage: 'boom' },
    });
    const hanging = await createFunction('hangs', 'hangs', { timeout: 1 });
    const timedOut = await invoke(hanging, {});
    expect(timedOut.error).toBe('Unhandled');
    expect(timedOut.body.errorMessage).toMatch(/Task timed out after 1\.00 seconds/);
    // The environment that timed out is discarded; the next invocation gets a fresh one.
    expect((await invoke(hanging, {})).body.errorMessage).toMatch(/Task timed out/);
    const missing = await createFunction('missing', 'nothere');
    expect(await invoke(missing, {})).toMatchObject({
      error: 'Unhandled',
      body: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.nothere is undefined or not exported' },
    });
  });

  it('is invoked by an SQS FIFO event source mapping with its batches', async () => {
    const queue = async (name: string) =>
      (
        await sqs.send(
          new CreateQueueCommand({
            QueueName: `${name}-${suffix}.fifo`,
            Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
          }),
        )
      ).QueueUrl ?? '';
    const [input, output] = [await queue('in'), await queue('out')];
    const name = await createFunction('forward', 'forward', { env: { OUT_QUEUE: output } });
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: input, AttributeNames: ['QueueArn'] }),
    );
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: Attributes?.QueueArn,
        BatchSize: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    for (const body of ['a', 'b', 'c']) {
      await sqs.send(new SendMessageCommand({ QueueUrl: input, MessageBody: body, MessageGroupId: 'g' }));
    }
    await until(async () => {
      const { Attributes: counts } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: output, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      return Number(counts?.ApproximateNumberOfMessages) >= 3;
    }, 60_000);
  });
});
