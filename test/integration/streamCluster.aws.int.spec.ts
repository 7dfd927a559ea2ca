import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamLeases } from '../../local/streamLeases';
import { documentClientFor, dynamoClient, freshFifoQueue, sqsClient, subscribeQueueToBus } from '../support/aws';
import { getJson, postJson, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';
import { until } from '../support/until';

/**
 * `CAIRN_STORE=aws npm start` run as a cluster, as teams run it in containers: several runtimes
 * on one events table, behind one load balancer. Each event must reach the EventBridge bus once,
 * however many runtimes read the stream and however often they restart.
 */
const suffix = randomUUID().slice(0, 8);
const tables = {
  EVENTS_TABLE: `cl-events-${suffix}`,
  COMMANDS_TABLE: `cl-commands-${suffix}`,
  SNAPSHOTS_TABLE: `cl-snapshots-${suffix}`,
  VIEWS_TABLE: `cl-views-${suffix}`,
  CONNECTIONS_TABLE: `cl-connections-${suffix}`,
  CONTEXTS_TABLE: `cl-contexts-${suffix}`,
  LEASES_TABLE: `cl-leases-${suffix}`,
};
const busName = `cl-bus-${suffix}`;
let env: Record<string, string> = {};
let busQueueUrl = '';
const running = new Set<RuntimeProcess>();
/** Every bus delivery received so far, by event id (`detail.id`). */
const deliveries = new Map<string, number>();
const expected = new Set<string>();

const start = async () => {
  const runtime = await startRuntimeProcess({ ...env, CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-cluster-')) });
  running.add(runtime);
  return runtime;
};
const stop = async (runtime: RuntimeProcess) => {
  running.delete(runtime);
  await runtime.stop();
};

const leases = () => new StreamLeases(documentClientFor(dynamoClient()), tables.LEASES_TABLE);
const holderPort = async (): Promise<string | undefined> => {
  const [lease] = await leases().list(await streamArn());
  return lease?.owner?.split('/')[0]?.split(':').at(-1);
};
let arn = '';
const streamArn = async () => {
  if (arn) return arn;
  const { Table } = await dynamoClient().send(new DescribeTableCommand({ TableName: tables.EVENTS_TABLE }));
  arn = Table?.LatestStreamArn ?? '';
  return arn;
};

/** Creates `count` lists through the runtimes in turn; each commit is one event, `<stream key>:1`. */
const createLists = async (runtimes: RuntimeProcess[], count: number) => {
  for (let i = 0; i < count; i++) {
    const listId = `list-${expected.size}`;
    const runtime = runtimes[i % runtimes.length] as RuntimeProcess;
    const body = { type: 'CreateTodoList', aggregateId: listId, payload: { title: listId } };
    expect((await postJson(`${runtime.url}/v1/default/commands`, body)).status).toBe(200);
    expected.add(`default#todoList#${listId}:1`);
  }
};

/** Receives bus deliveries until every expected event came and then nothing more for `quietMs`. */
const drainBus = async (quietMs = 4000) => {
  const sqs = sqsClient();
  let quietSince = Date.now();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: busQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    for (const message of Messages) {
      const id = JSON.parse(message.Body ?? '{}').detail?.id as string;
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: busQueueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
    if (Messages.length > 0) quietSince = Date.now();
    const complete = [...expected].every((id) => deliveries.has(id));
    if (complete && Date.now() - quietSince >= quietMs) return;
  }
  throw new Error(`bus deliveries incomplete: ${deliveries.size} of ${expected.size}`);
};
const repeated = () => [...deliveries].filter(([, count]) => count > 1);

beforeAll(async () => {
  const sqs = sqsClient();
  const [commands, projections] = await Promise.all([freshFifoQueue(sqs), freshFifoQueue(sqs)]);
  env = {
    CAIRN_STORE: 'aws',
    AWS_ENDPOINT_URL_DYNAMODB: process.env.DYNAMODB_ENDPOINT ?? '',
    AWS_ENDPOINT_URL_SQS: process.env.LOCALSTACK_ENDPOINT ?? '',
    AWS_ENDPOINT_URL_EVENTBRIDGE: process.env.LOCALSTACK_ENDPOINT ?? '',
    EVENT_BUS_NAME: busName,
    COMMAND_QUEUE_URL: commands.queueUrl,
    PROJECTION_QUEUE_URL: projections.queueUrl,
    PROJECTION_DLQ_URL: projections.dlqUrl ?? '',
    CAIRN_STREAM_LEASE: 'PT3S',
    ...tables,
  };
});
afterAll(async () => {
  await Promise.all([...running].map((runtime) => stop(runtime)));
});

describe('`CAIRN_STORE=aws npm start` as a cluster: one stream, several runtimes', () => {
  it('puts every event on the bus once with three runtimes reading the stream', async () => {
    const runtimes = [await start(), await start(), await start()];
    busQueueUrl = await subscribeQueueToBus(busName, { source: ['cairn.default'] });
    await until(async () => Boolean(await holderPort()), 20_000);
    await createLists(runtimes, 12);
    await drainBus();
    expect(repeated()).toEqual([]);
    expect(new Set(deliveries.keys())).toEqual(expected);
    // The views are fed too, whichever runtime holds the shard.
    const view = await getJson(`${runtimes[0]?.url}/v1/default/views/todoList/list-11?minVersion=1`);
    expect(view.json).toMatchObject({ version: 1, data: { title: 'list-11' } });
  });

  it('hands the stream over when its reader stops, and re-sends no history after a restart of all', async () => {
    const port = await holderPort();
    const reader = [...running].find((runtime) => runtime.url.endsWith(`:${port}`));
    if (!reader) throw new Error('no runtime holds the lease');
    await stop(reader); // graceful: its lease is released with its checkpoint
    await until(async () => Boolean(await holderPort()) && (await holderPort()) !== port, 10_000);
    await createLists([...running], 6);
    await drainBus();
    expect(repeated()).toEqual([]);
    // Every runtime stops; one starts again, with the same tables: nothing sent before goes again.
    await Promise.all([...running].map((runtime) => stop(runtime)));
    const restarted = await start();
    await until(async () => Boolean(await holderPort()), 20_000);
    await createLists([restarted], 6);
    await drainBus();
    expect(repeated()).toEqual([]);
    expect(new Set(deliveries.keys())).toEqual(expected);
    expect(deliveries.size).toBe(24);
  });
});
