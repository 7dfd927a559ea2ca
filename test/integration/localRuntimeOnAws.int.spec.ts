import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient, receiveAll, sqsClient, subscribeQueueToBus } from '../support/aws';
import { getJson, postJson, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';

const suffix = randomUUID().slice(0, 8);
const tables = {
  EVENTS_TABLE: `rt-events-${suffix}`,
  COMMANDS_TABLE: `rt-commands-${suffix}`,
  SNAPSHOTS_TABLE: `rt-snapshots-${suffix}`,
  VIEWS_TABLE: `rt-views-${suffix}`,
};
const busName = `rt-bus-${suffix}`;
let integrationQueueUrl = '';
let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntimeProcess({
    CAIRN_STORE: 'aws',
    AWS_ENDPOINT_URL_DYNAMODB: process.env.DYNAMODB_ENDPOINT ?? '',
    AWS_ENDPOINT_URL_SQS: process.env.LOCALSTACK_ENDPOINT ?? '',
    AWS_ENDPOINT_URL_EVENTBRIDGE: process.env.LOCALSTACK_ENDPOINT ?? '',
    EVENT_BUS_NAME: busName,
    ...tables,
  });
  // What another service does to receive Cairn's events: a rule on the bus with a queue as target.
  integrationQueueUrl = await subscribeQueueToBus(busName, { source: ['cairn.default'] });
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

  it('carries the events through the DynamoDB stream, SQS FIFO and the worker into views', async () => {
    const view = await getJson(`${runtime.url}/v1/default/views/todoList/aws-1?minVersion=6`);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ key: 'aws-1', version: 6, data: { title: 'On AWS', openCount: 5 } });
    const summary = await getJson(`${runtime.url}/v1/default/views/todoLists/aws-1?minVersion=6`);
    expect(summary.json.data).toMatchObject({ listId: 'aws-1', openCount: 5 });
  });

  it('lists views from DynamoDB: by key (the partition), and filtered and sorted (its generic indexes)', async () => {
    const byKey = await getJson(`${runtime.url}/v1/default/views/todoList?prefix=aws-`);
    expect(byKey.json.items.map((item: { key: string }) => item.key)).toContain('aws-1');
    // The indexes are read eventually consistent: poll until the written view is there.
    let open = await getJson(`${runtime.url}/v1/default/views/todoList?filter=archived:false&sort=title`);
    for (let poll = 0; poll < 50 && !open.json.items?.some((item: { key: string }) => item.key === 'aws-1'); poll++) {
      await new Promise((done) => setTimeout(done, 100));
      open = await getJson(`${runtime.url}/v1/default/views/todoList?filter=archived:false&sort=title`);
    }
    expect(open.status).toBe(200);
    expect(open.json.items.find((item: { key: string }) => item.key === 'aws-1')).toMatchObject({ version: 6 });
    const none = await getJson(`${runtime.url}/v1/default/views/todoList?filter=archived:true`);
    expect(none.json.items.map((item: { key: string }) => item.key)).not.toContain('aws-1');
  });

  it('publishes every event to the EventBridge bus, named for its context and type', async () => {
    const received = await receiveAll(integrationQueueUrl, 6);
    const details = received.map((body) => ({ source: body.source, type: body['detail-type'], id: body.detail.id }));
    expect(details).toEqual(
      expect.arrayContaining([
        { source: 'cairn.default', type: 'todoList.TodoListCreated', id: 'default#todoList#aws-1:1' },
        { source: 'cairn.default', type: 'todoList.TodoAdded', id: 'default#todoList#aws-1:6' },
      ]),
    );
    expect(new Set(details.map((detail) => detail.id)).size).toBe(6);
  });
});
