import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  PROCESSES_TABLE: `rt-processes-${suffix}`,
};
// On emulators the deadlines are the embedded timer's, kept here (LocalStack's scheduler runs none).
const dataDir = mkdtempSync(join(tmpdir(), 'cairn-rt-aws-'));
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
    CAIRN_DATA_DIR: dataDir,
    CAIRN_ARCHIVE_AFTER: 'PT2S',
    // Not silenced by the user (empty is unset): npm start itself keeps the SDK's Node-version notice off.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '',
    ...tables,
  });
  // What another service does to receive Cairn's events: a rule on the bus with a queue as target.
  integrationQueueUrl = await subscribeQueueToBus(busName, { source: ['cairn.default'] });
});
afterAll(async () => {
  await runtime?.stop();
});

describe('`CAIRN_STORE=aws npm start` on DynamoDB Local and LocalStack', () => {
  it('starts without a word from the AWS SDK (no Node-version notice, no warning)', () => {
    expect(runtime.output()).toMatch(/^Cairn local runtime listening on http:/);
    expect(runtime.output()).not.toMatch(/NodeVersionSupportWarning|AWS SDK|\(node:\d+\) |Warning:/);
  });

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

  it('runs the processes on SQS and DynamoDB: the content-deduplicated process queue, their state, the Inbox on registration', async () => {
    const sqs = sqsClient();
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'cairn-processes.fifo' }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ContentBasedDeduplication', 'RedrivePolicy'] }),
    );
    expect(Attributes?.ContentBasedDeduplication).toBe('true');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}').deadLetterTargetArn).toMatch(/cairn-processes-dlq\.fifo$/);
    const { Table } = await dynamoClient().send(new DescribeTableCommand({ TableName: tables.PROCESSES_TABLE }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);

    const commands = `${runtime.url}/v1/default/commands`;
    const registered = await postJson(commands, {
      type: 'RegisterUser',
      aggregateId: 'grace',
      payload: { name: 'Grace', email: 'grace@example.com' },
    });
    expect(registered.status).toBe(200);
    let inbox = await getJson(`${runtime.url}/v1/default/views/todoList/inbox-grace`);
    for (let poll = 0; poll < 100 && inbox.status !== 200; poll++) {
      await new Promise((done) => setTimeout(done, 100));
      inbox = await getJson(`${runtime.url}/v1/default/views/todoList/inbox-grace`);
    }
    expect(inbox.json).toMatchObject({ key: 'inbox-grace', version: 1, data: { title: 'Inbox' } });
  });

  it('fires a deadline through the SQS process queue: a list whose todos are all done is archived after archiveAfter', async () => {
    const commands = `${runtime.url}/v1/default/commands`;
    const send = async (type: string, payload: unknown) =>
      expect((await postJson(commands, { type, aggregateId: 'aws-done', payload })).status).toBe(200);
    await send('CreateTodoList', { title: 'Soon archived' });
    await send('AddTodo', { todoId: 't1', text: 'one' });
    await send('CompleteTodo', { todoId: 't1' });
    let view = await getJson(`${runtime.url}/v1/default/views/todoList/aws-done`);
    for (let poll = 0; poll < 150 && view.json?.data?.archived !== true; poll++) {
      await new Promise((done) => setTimeout(done, 100));
      view = await getJson(`${runtime.url}/v1/default/views/todoList/aws-done`);
    }
    expect(view.json).toMatchObject({ version: 4, data: { archived: true } });
    // Kept by the embedded timer under the data directory, set and then done.
    const entries = readFileSync(join(dataDir, 'deadlines.jsonl'), 'utf8').trim().split('\n');
    expect(entries.map((line) => Object.keys(JSON.parse(line))[0])).toEqual(['set', 'done']);
  });
});
