import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCommandLedger } from '#adapters/dynamodb/dynamoCommandLedger';
import { DynamoEventStore } from '#adapters/dynamodb/dynamoEventStore';
import { DynamoSnapshotStore } from '#adapters/dynamodb/dynamoSnapshotStore';
import type { TableNames } from '#adapters/dynamodb/tables';
import { SqsFifoQueue } from '#adapters/sqs/sqsFifoQueue';
import { CommandService } from '#application/commandService';
import { CommitFollowers } from '#application/commitFollowers';
import { sampleDomain } from '#domain/index';
import { createCommandApi } from '#handlers/commandApi';
import { createCommandWorker } from '#handlers/commandWorker';
import { QueuePoller } from '../../local/queuePoller';
import { apiEvent, post } from '../support/apiEvents';
import { documentClientFor, dynamoClient, freshFifoQueue, freshTables, sqsClient } from '../support/aws';
import { EMULATOR_AWS_ENV } from '../support/emulators';

let tables: Required<TableNames>;
let queue: SqsFifoQueue;
let poller: QueuePoller;
let ids = 0;

const serviceWith = (client: DynamoDBClient) => {
  const documents = documentClientFor(client);
  return new CommandService({
    registry: sampleDomain.aggregates,
    eventStore: new DynamoEventStore(documents, tables),
    ledger: new DynamoCommandLedger(documents, tables.commands),
    snapshots: new DynamoSnapshotStore(documents, tables.snapshots),
    queue,
  });
};

const apiWith = (service: CommandService, client: DynamoDBClient) => {
  const documents = documentClientFor(client);
  const api = createCommandApi({
    service,
    eventStore: new DynamoEventStore(documents, tables),
    ledger: new DynamoCommandLedger(documents, tables.commands),
    registry: sampleDomain.aggregates,
    newId: () => `int-${Date.now()}-${++ids}`,
    now: () => new Date(),
    log: () => {},
  });
  return async (event: ReturnType<typeof apiEvent>) => {
    const response = await api(event);
    return { status: response.statusCode, headers: response.headers ?? {}, json: JSON.parse(response.body) };
  };
};

let call: ReturnType<typeof apiWith>;

beforeAll(async () => {
  const client = dynamoClient();
  tables = await freshTables(client);
  const sqs = sqsClient();
  const { queueUrl } = await freshFifoQueue(sqs, { maxReceiveCount: 3 });
  queue = new SqsFifoQueue(sqs, queueUrl);
  const service = serviceWith(client);
  call = apiWith(service, client);
  const worker = createCommandWorker(service);
  poller = new QueuePoller(queue, (event) => worker(event), { queueArn: 'arn:aws:sqs:us-east-1:000000000000:q.fifo' });
  poller.start();
});

afterAll(async () => {
  await poller?.stop();
});

const create = (aggregateId: string) =>
  post('/v1/shop/commands', { type: 'CreateTodoList', aggregateId, payload: { title: aggregateId } });
const add = (aggregateId: string, todoId: string, headers: Record<string, string> = {}) =>
  post('/v1/shop/commands', { type: 'AddTodo', aggregateId, payload: { todoId, text: todoId } }, headers);
const historyOf = async (aggregateId: string) =>
  (await call(apiEvent('GET', `/v1/shop/aggregates/todoList/${aggregateId}/events`))).json;

describe('command side on emulated AWS (DynamoDB Local + LocalStack SQS FIFO)', () => {
  it('handles a sync command, an If-Match conflict and an idempotent retry', async () => {
    expect((await call(create('l1'))).status).toBe(200);
    const added = await call(add('l1', 't1', { 'Idempotency-Key': 'int-key-1' }));
    expect(added).toMatchObject({ status: 200, json: { version: 2 } });
    const again = await call(add('l1', 't1', { 'Idempotency-Key': 'int-key-1' }));
    expect(again.json).toEqual(added.json);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const stale = await call(add('l1', 't2', { 'If-Match': '"1"' }));
    expect(stale).toMatchObject({ status: 409, json: { error: { code: 'VERSION_CONFLICT', currentVersion: 2 } } });
    expect((await historyOf('l1')).version).toBe(2);
  });

  it('serialises 20 concurrent writers on one aggregate through conditional writes', async () => {
    await call(create('contended'));
    // One API per writer, as 20 Lambda instances would be (writers that reach one instance take
    // turns in its lane instead, and never conflict with each other).
    const client = dynamoClient();
    const instances = Array.from({ length: 20 }, () => apiWith(serviceWith(client), client));
    const responses = await Promise.all(instances.map((instance, i) => instance(add('contended', `t${i}`))));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const retried = responses.filter((response) => Number(response.headers['x-cairn-attempts']) > 1);
    expect(retried.length).toBeGreaterThan(0);
    const history = await historyOf('contended');
    expect(history.events.map((event: { version: number }) => event.version)).toEqual(
      Array.from({ length: 21 }, (_, i) => i + 1),
    );
  });

  it('commits once for the same Idempotency-Key sent concurrently', async () => {
    await call(create('idem'));
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => call(add('idem', 'once', { 'Idempotency-Key': 'int-same' }))),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    for (const response of responses) expect(response.json).toEqual(responses[0]?.json);
    expect((await historyOf('idem')).version).toBe(2);
  });

  it('runs async commands through SQS FIFO in order and reports their status', async () => {
    await call(create('async'));
    const accepted = [];
    for (let i = 0; i < 8; i++) accepted.push(await call(add('async', `t${i}`, { Prefer: 'respond-async' })));
    const refused = await call(add('missing', 'x', { Prefer: 'respond-async' }));
    expect(accepted.every((response) => response.status === 202)).toBe(true);
    const status = (id: string) => call(apiEvent('GET', `/v1/shop/commands/${id}`));
    for (let poll = 0; poll < 200; poll++) {
      const last = await status(accepted.at(-1)?.json.commandId);
      const failed = await status(refused.json.commandId);
      if (last.json.status === 'succeeded' && failed.json.status === 'failed') break;
      await new Promise((done) => setTimeout(done, 100));
    }
    expect((await status(accepted.at(-1)?.json.commandId)).json).toMatchObject({
      status: 'succeeded',
      result: { version: 9 },
    });
    expect((await status(refused.json.commandId)).json).toMatchObject({
      status: 'failed',
      error: { code: 'NOT_FOUND' },
    });
    const todoIds = (await historyOf('async')).events
      .slice(1)
      .map((event: { data: { todoId: string } }) => event.data.todoId);
    expect(todoIds).toEqual(Array.from({ length: 8 }, (_, i) => `t${i}`));
  });

  it('recognises its own commit when the response to a successful write is lost', async () => {
    const lossy = new DynamoDBClient({
      endpoint: process.env.DYNAMODB_ENDPOINT,
      region: EMULATOR_AWS_ENV.AWS_REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    let dropped = 0;
    lossy.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'PutItemCommand' && dropped === 0) {
          dropped += 1;
          throw Object.assign(new Error('socket hang up (response lost after the write was applied)'), {
            name: 'TimeoutError',
          });
        }
        return result;
      },
      { step: 'initialize', name: 'dropFirstCommitResponse' },
    );
    await call(create('ambiguous'));
    const lossyCall = apiWith(serviceWith(lossy), lossy);
    const response = await lossyCall(add('ambiguous', 't1', { 'Idempotency-Key': 'int-ambiguous' }));
    expect(dropped).toBe(1);
    expect(response).toMatchObject({ status: 200, json: { version: 2, commandId: 'int-ambiguous' } });
    const retry = await call(add('ambiguous', 't1', { 'Idempotency-Key': 'int-ambiguous' }));
    expect(retry.json).toEqual(response.json);
    expect((await historyOf('ambiguous')).version).toBe(2);
  });

  it('loads a long aggregate from its snapshot', async () => {
    await call(create('long'));
    for (let i = 0; i < 105; i++) await call(add('long', `t${i}`));
    const documents = documentClientFor(dynamoClient());
    const snapshots = new DynamoSnapshotStore(documents, tables.snapshots);
    const eventStore = new DynamoEventStore(documents, tables);
    // What the publisher does with each commit from the stream, here over the stored commits.
    const followers = new CommitFollowers({
      registry: sampleDomain.aggregates,
      eventStore,
      snapshots,
      ledger: new DynamoCommandLedger(documents, tables.commands),
    });
    for (const commit of await eventStore.readCommits('shop#todoList#long', { afterVersion: 0 })) {
      await followers.follow(commit);
    }
    expect((await snapshots.get('shop#todoList#long'))?.version).toBe(106);
    expect((await call(add('long', 'last'))).json.version).toBe(107);
    expect((await historyOf('long')).events).toHaveLength(107);
  });
});
