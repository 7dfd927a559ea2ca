import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient, sqsClient } from '../support/aws';
import { getJson, postJson, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';

const suffix = randomUUID().slice(0, 8);
const tables = { EVENTS_TABLE: `rt-events-${suffix}`, COMMANDS_TABLE: `rt-commands-${suffix}` };
let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntimeProcess({
    CAIRN_STORE: 'aws',
    AWS_ENDPOINT_URL_DYNAMODB: process.env.DYNAMODB_ENDPOINT ?? '',
    AWS_ENDPOINT_URL_SQS: process.env.LOCALSTACK_ENDPOINT ?? '',
    ...tables,
  });
});
afterAll(async () => {
  await runtime?.stop();
});

describe('`CAIRN_STORE=aws npm start` on DynamoDB Local and LocalStack', () => {
  it('creates the tables and the FIFO command queue with its dead-letter queue', async () => {
    const { Table } = await dynamoClient().send(new DescribeTableCommand({ TableName: tables.EVENTS_TABLE }));
    expect(Table?.StreamSpecification).toMatchObject({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    const sqs = sqsClient();
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'cairn-commands.fifo' }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['FifoQueue', 'RedrivePolicy'] }),
    );
    expect(Attributes?.FifoQueue).toBe('true');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}').deadLetterTargetArn).toMatch(/cairn-commands-dlq\.fifo$/);
  });

  it('answers sync commands and runs async ones through SQS FIFO, all stored in DynamoDB', async () => {
    const commands = `${runtime.url}/v1/default/commands`;
    const created = await postJson(commands, {
      type: 'CreateTodoList',
      aggregateId: 'aws-1',
      payload: { title: 'On AWS' },
    });
    expect(created).toMatchObject({ status: 200, json: { version: 1 } });
    const accepted = [];
    for (let i = 0; i < 5; i++) {
      const body = { type: 'AddTodo', aggregateId: 'aws-1', payload: { todoId: `t${i}`, text: `step ${i}` } };
      accepted.push(await postJson(commands, body, { Prefer: 'respond-async' }));
    }
    expect(accepted.map((response) => response.status)).toEqual([202, 202, 202, 202, 202]);
    const last = `${runtime.url}${accepted.at(-1)?.headers.get('location')}`;
    for (let poll = 0; poll < 100 && (await getJson(last)).json.status !== 'succeeded'; poll++) {
      await new Promise((done) => setTimeout(done, 100));
    }
    expect((await getJson(last)).json).toMatchObject({ status: 'succeeded', result: { version: 6 } });
    const history = await getJson(`${runtime.url}/v1/default/aggregates/todoList/aws-1/events`);
    expect(history.json.events.map((event: { type: string }) => event.type)).toEqual([
      'TodoListCreated',
      ...Array(5).fill('TodoAdded'),
    ]);
  });
});
