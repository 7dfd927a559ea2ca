import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables, type TableNames } from '../../shared/adapters/dynamodb/tables';
import { EMULATOR_AWS_ENV } from './emulators';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through \`npm test\` or the layer's npm script`);
  return value;
};

const credentials = {
  accessKeyId: EMULATOR_AWS_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: EMULATOR_AWS_ENV.AWS_SECRET_ACCESS_KEY,
};

export const dynamoClient = (): DynamoDBClient =>
  new DynamoDBClient({ endpoint: required('DYNAMODB_ENDPOINT'), region: EMULATOR_AWS_ENV.AWS_REGION, credentials });

export const documentClientFor = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

/** Tables with names unique to the caller, so test files never share state. */
export const freshTables = async (client: DynamoDBClient): Promise<TableNames> => {
  const suffix = randomUUID().slice(0, 8);
  const names = { events: `events-${suffix}`, commands: `commands-${suffix}` };
  await ensureTables(client, names);
  return names;
};

export const sqsClient = (): SQSClient =>
  new SQSClient({ endpoint: required('LOCALSTACK_ENDPOINT'), region: EMULATOR_AWS_ENV.AWS_REGION, credentials });

/** A FIFO queue with a FIFO dead-letter queue, as the CDK stack creates them. */
export const freshFifoQueue = async (
  client: SQSClient,
  options: { maxReceiveCount?: number; visibilityTimeoutSeconds?: number } = {},
): Promise<{ queueUrl: string; dlqUrl: string }> => {
  const name = `cairn-${randomUUID().slice(0, 8)}`;
  const fifo = { FifoQueue: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' };
  const dlq = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq.fifo`, Attributes: fifo }));
  const dlqUrl = dlq.QueueUrl ?? '';
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: `${name}.fifo`,
      Attributes: {
        ...fifo,
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount: options.maxReceiveCount ?? 5,
        }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl ?? '', dlqUrl };
};
