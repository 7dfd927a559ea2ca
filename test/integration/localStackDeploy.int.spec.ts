/**
 * `npm run deploy:localstack` against the host-run LocalStack: cdklocal bootstraps and deploys the
 * whole stack, its functions run by the cairn-process executor (test/emulators/lambda-process:
 * each execution environment a Node.js 24 process, no Docker). The test reads back what
 * CloudFormation created, then drives the deployed bundles as a REST client would: through
 * LocalStack's REST API and its TOKEN authorizer, the SQS and DynamoDB-stream event source
 * mappings, the projection worker, the views and the bus. LocalStack's open-source edition has no
 * WebSocket API: the stack is deployed without it (the socket tests use the local gateway).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '#adapters/auth/hs256Tokens';
import { DynamoReadModelStore } from '#adapters/dynamodb/dynamoReadModelStore';
import { documentClientFor, receiveAll, subscribeQueueToBus } from '../support/aws';
import { EMULATOR_AWS_ENV } from '../support/emulators';
import { getJson, type JsonBody, postJson } from '../support/localRuntimeProcess';

const endpoint = process.env.LOCALSTACK_ENDPOINT ?? '';
const stage = `it${randomUUID().slice(0, 6)}`;
const stackName = `Cairn-${stage}`;
const clientConfig = {
  endpoint,
  region: EMULATOR_AWS_ENV.AWS_REGION,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};
let outputs: Record<string, string> = {};
let deployLog = '';

const deploy = (outputsFile: string) =>
  new Promise<number | null>((done) => {
    const child = spawn(
      'node_modules/.bin/tsx',
      ['cli/deployLocalStack.ts', '-c', `stage=${stage}`, '--outputs-file', outputsFile],
      { env: { ...process.env, LOCALSTACK_ENDPOINT: endpoint }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (chunk) => {
      deployLog += chunk;
    });
    child.stderr.on('data', (chunk) => {
      deployLog += chunk;
    });
    child.on('exit', done);
  });

beforeAll(async () => {
  const outputsFile = join(mkdtempSync(join(tmpdir(), 'cairn-deploy-')), 'outputs.json');
  const code = await deploy(outputsFile);
  if (code !== 0) throw new Error(`deploy:localstack exited with ${code}:\n${deployLog.slice(-4000)}`);
  outputs = JSON.parse(readFileSync(outputsFile, 'utf8'))[stackName];
}, 300_000);

/** The deployed REST API, path-style (`<endpoint>/_aws/execute-api/<id>/<stage>`): no DNS needed. */
const restApi = () => {
  // `https://<id>.execute-api.127.0.0.1:<port>/<stage>/`: not a WHATWG URL (a host ending in a number).
  const apiId = /^https:\/\/([^.]+)\.execute-api\./.exec(outputs.RestApiUrl ?? '')?.[1];
  return `${endpoint}/_aws/execute-api/${apiId}/${stage}`;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe('npm run deploy:localstack (cdklocal, host-run LocalStack, functions as local processes)', () => {
  it('deploys the whole stack but the WebSocket API: tables, queues, bus, alarms, functions, REST API, authorizer', async () => {
    expect(deployLog).toContain('deploying the whole stack');
    const { StackResourceSummaries = [] } = await new CloudFormationClient(clientConfig).send(
      new ListStackResourcesCommand({ StackName: stackName }),
    );
    const created = StackResourceSummaries.filter((resource) => resource.ResourceStatus === 'CREATE_COMPLETE');
    const count = (type: string) => created.filter((resource) => resource.ResourceType === type).length;
    // Events, commands, snapshots, views, connections, contexts, processes.
    expect(count('AWS::DynamoDB::Table')).toBe(7);
    // Three FIFO queues with their dead-letter queues, and where the stream mapping sends what fails.
    expect(count('AWS::SQS::Queue')).toBe(7);
    expect(count('AWS::Events::EventBus')).toBe(1);
    expect(count('AWS::Scheduler::ScheduleGroup')).toBe(1);
    expect(count('AWS::Lambda::Function')).toBe(8);
    expect(count('AWS::Lambda::EventSourceMapping')).toBe(4);
    expect(count('AWS::ApiGateway::RestApi')).toBe(1);
    expect(count('AWS::ApiGateway::Authorizer')).toBe(1);
    expect(count('AWS::SecretsManager::Secret')).toBe(1);
    expect(count('AWS::ApiGatewayV2::Api')).toBe(0);
    expect(created).toHaveLength(StackResourceSummaries.length);
  });

  it('creates the event store on demand with a NEW_IMAGE stream, and TTL where records expire', async () => {
    const dynamo = new DynamoDBClient(clientConfig);
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: outputs.EventsTableName }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    // Point-in-time recovery is not checked here: LocalStack's CloudFormation leaves it DISABLED
    // whatever the template says (the template test pins PointInTimeRecoveryEnabled).
    for (const table of [outputs.CommandsTableName, outputs.ConnectionsTableName]) {
      const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: table }));
      expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
    }
  });

  it('creates high-throughput FIFO queues, each redriving to its FIFO dead-letter queue', async () => {
    const sqs = new SQSClient(clientConfig);
    for (const url of [outputs.CommandQueueUrl, outputs.ProjectionQueueUrl, outputs.ProcessQueueUrl]) {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
      );
      expect(Attributes).toMatchObject({
        FifoQueue: 'true',
        DeduplicationScope: 'messageGroup',
        FifoThroughputLimit: 'perMessageGroupId',
        SqsManagedSseEnabled: 'true',
      });
      const redrive = JSON.parse(Attributes.RedrivePolicy ?? '{}');
      expect(redrive.maxReceiveCount).toBe(5);
      expect(redrive.deadLetterTargetArn).toMatch(new RegExp(`${stackName}-\\w+Queue-dlq\\.fifo$`));
      // EventBridge Scheduler sends deadlines without a deduplication id: the process queue dedups by content.
      if (url === outputs.ProcessQueueUrl) expect(Attributes.ContentBasedDeduplication).toBe('true');
      else expect(Attributes.ContentBasedDeduplication).not.toBe('true');
    }
    const alarms = await new CloudWatchClient(clientConfig).send(new DescribeAlarmsCommand({}));
    const watched = alarms.MetricAlarms?.filter((alarm) => alarm.AlarmName?.startsWith(stackName)) ?? [];
    expect(watched.map((alarm) => alarm.MetricName)).toContain('ApproximateNumberOfMessagesVisible');
    const bus = await new EventBridgeClient(clientConfig).send(
      new DescribeEventBusCommand({ Name: outputs.EventBusName }),
    );
    expect(bus.Name).toBe(`cairn-${stage}`);
  });

  it('runs each deployed bundle, cold and warm (the figures are printed)', async () => {
    const { StackResourceSummaries = [] } = await new CloudFormationClient(clientConfig).send(
      new ListStackResourcesCommand({ StackName: stackName }),
    );
    const functions = StackResourceSummaries.filter((resource) => resource.ResourceType === 'AWS::Lambda::Function');
    const lambda = new LambdaClient(clientConfig);
    // An event each function takes without changing anything: an empty batch, /health, a forged token.
    const eventFor = (logicalId: string) => {
      if (logicalId.startsWith('Authorizer'))
        return {
          type: 'TOKEN',
          authorizationToken: 'Bearer forged',
          methodArn: 'arn:aws:execute-api:x:y:z/s/GET/health',
        };
      if (['CommandHttp', 'Query', 'AdminApi'].some((name) => logicalId.startsWith(name)))
        return { httpMethod: 'GET', path: '/health', headers: {}, requestContext: {} };
      return { Records: [] };
    };
    const figures: string[] = [];
    for (const fn of functions) {
      const logicalId = fn.LogicalResourceId ?? '';
      const durations: number[] = [];
      let answer: { FunctionError?: string; Payload?: Uint8Array } = {};
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        answer = await lambda.send(
          new InvokeCommand({
            FunctionName: fn.PhysicalResourceId,
            Payload: new TextEncoder().encode(JSON.stringify(eventFor(logicalId))),
          }),
        );
        durations.push(performance.now() - started);
      }
      const payload = JSON.parse(new TextDecoder().decode(answer.Payload) || 'null');
      // The authorizer refuses the forged token the way API Gateway expects ('Unauthorized'); the rest answer.
      if (logicalId.startsWith('Authorizer')) expect(payload.errorMessage).toBe('Unauthorized');
      else expect(answer.FunctionError, JSON.stringify(payload)).toBeUndefined();
      figures.push(
        `${logicalId.replace(/[0-9A-F]{8}$/, '')} ${Math.round(durations[0] ?? 0)}/${Math.round(median(durations.slice(1)))} ms`,
      );
    }
    console.log(`deployed functions, first/warm invocation: ${figures.join(', ')}`);
    expect(figures).toHaveLength(8);
  });

  it('dead-letters a poison event with its error: the deployed projection worker on its last receive', async () => {
    // The event source mapping would hand it over on its 3rd receive after two failed ones, 3 minutes
    // apart (the queue's visibility timeout); the worker is invoked with that delivery directly.
    const { StackResourceSummaries = [] } = await new CloudFormationClient(clientConfig).send(
      new ListStackResourcesCommand({ StackName: stackName }),
    );
    const worker = StackResourceSummaries.find(
      (resource) =>
        resource.ResourceType === 'AWS::Lambda::Function' && resource.LogicalResourceId?.startsWith('ProjectionWorker'),
    );
    const poison = JSON.stringify({ poison: true });
    const delivery = {
      Records: [
        {
          messageId: randomUUID(),
          receiptHandle: 'poison-receipt',
          body: poison,
          attributes: {
            ApproximateReceiveCount: '3',
            SentTimestamp: String(Date.now()),
            MessageGroupId: 'default#todoList#poison',
            MessageDeduplicationId: `poison-${stage}`,
            SenderId: 'it',
            ApproximateFirstReceiveTimestamp: String(Date.now()),
          },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:${EMULATOR_AWS_ENV.AWS_REGION}:000000000000:${stackName}-ProjectionQueue.fifo`,
          awsRegion: EMULATOR_AWS_ENV.AWS_REGION,
        },
      ],
    };
    const answer = await new LambdaClient(clientConfig).send(
      new InvokeCommand({
        FunctionName: worker?.PhysicalResourceId,
        Payload: new TextEncoder().encode(JSON.stringify(delivery)),
      }),
    );
    const result = JSON.parse(new TextDecoder().decode(answer.Payload));
    expect(answer.FunctionError, JSON.stringify(result)).toBeUndefined();
    expect(result).toEqual({ batchItemFailures: [] }); // handled: it went to the dead-letter queue
    const sqs = new SQSClient(clientConfig);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: outputs.ProjectionDeadLetterQueueUrl, WaitTimeSeconds: 5 }),
    );
    const letter = JSON.parse(Messages[0]?.Body ?? '{}');
    expect(letter).toMatchObject({ receiveCount: 3, groupId: 'default#todoList#poison', body: poison });
    expect(letter.reason).toMatch(/Error/);
  });

  describe('driven over its REST API, as a client would', () => {
    let writer: Record<string, string>;
    let stranger: Record<string, string>;
    let busQueue: string;
    beforeAll(async () => {
      // A token minted with the secret the stack created, as the README tells users to.
      const { SecretString = '' } = await new SecretsManagerClient(clientConfig).send(
        new GetSecretValueCommand({ SecretId: outputs.JwtSecretArn }),
      );
      const secret = new TextEncoder().encode(SecretString);
      writer = { authorization: `Bearer ${await mintToken(secret, { subject: 'it', roles: { default: 'writer' } })}` };
      stranger = { authorization: `Bearer ${await mintToken(secret, { subject: 'x', roles: { other: 'writer' } })}` };
      busQueue = await subscribeQueueToBus(outputs.EventBusName ?? '', { source: ['cairn.default'] });
    });

    it('answers /health without a token, from the command function, with CORS headers', async () => {
      const started = performance.now();
      const health = await getJson(`${restApi()}/health`, { origin: 'http://localhost:5173' });
      expect(health.status).toBe(200);
      expect(health.headers.get('access-control-allow-origin')).toBe('*');
      console.log(`deployed /health: ${Math.round(performance.now() - started)} ms (first call)`);
    });

    it('refuses a request without a token (401, by the authorizer) and one for another context (403, by the handler)', async () => {
      const command = { type: 'CreateTodoList', aggregateId: 'refused', payload: { title: 'No' } };
      expect((await postJson(`${restApi()}/v1/default/commands`, command)).status).toBe(401);
      expect(
        (await postJson(`${restApi()}/v1/default/commands`, command, { authorization: 'Bearer forged' })).status,
      ).toBe(401);
      const foreign = await postJson(`${restApi()}/v1/default/commands`, command, stranger);
      expect(foreign.status).toBe(403);
      expect(foreign.json.error.code).toBe('FORBIDDEN');
    });

    it('takes sync commands (If-Match, Idempotency-Key) and reads the view back with minVersion', async () => {
      const commands = `${restApi()}/v1/default/commands`;
      const timings: number[] = [];
      const timed = async <T>(call: () => Promise<T>) => {
        const started = performance.now();
        const result = await call();
        timings.push(performance.now() - started);
        return result;
      };
      const created = await timed(() =>
        postJson(
          commands,
          { type: 'CreateTodoList', aggregateId: 'ls-1', payload: { title: 'Deployed' } },
          {
            ...writer,
            origin: 'http://localhost:5173',
          },
        ),
      );
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      expect(created.json.version).toBe(1);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.headers.get('access-control-allow-origin')).toBe('*');
      const stale = await postJson(
        commands,
        { type: 'RenameTodoList', aggregateId: 'ls-1', payload: { title: 'x' } },
        {
          ...writer,
          'if-match': '"0"',
        },
      );
      expect(stale.status).toBe(409);
      expect(stale.json.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 1 });
      const add = { type: 'AddTodo', aggregateId: 'ls-1', payload: { todoId: 't1', text: 'milk' } };
      const once = await timed(() => postJson(commands, add, { ...writer, 'idempotency-key': 'it-add-1' }));
      const again = await timed(() => postJson(commands, add, { ...writer, 'idempotency-key': 'it-add-1' }));
      expect(once.json.version).toBe(2);
      expect(again.json).toEqual(once.json);
      expect(again.headers.get('idempotent-replayed')).toBe('true');

      // Through the stream, the publisher, the projection queue and worker, into the views table.
      const started = performance.now();
      let view = await getJson(`${restApi()}/v1/default/views/todoList/ls-1?minVersion=2`, writer);
      for (let poll = 0; poll < 100 && view.status !== 200; poll++) {
        await new Promise((done) => setTimeout(done, 100));
        view = await getJson(`${restApi()}/v1/default/views/todoList/ls-1?minVersion=2`, writer);
      }
      expect(view.json).toMatchObject({ key: 'ls-1', version: 2, data: { title: 'Deployed', openCount: 1 } });
      console.log(
        `deployed sync commands: first ${Math.round(timings[0] ?? 0)} ms, then median ${Math.round(median(timings.slice(1)))} ms; ` +
          `command to view ${Math.round(performance.now() - started)} ms after the answer`,
      );
    });

    it('answers HEAD, a current If-None-Match with 304, and a method a route lacks with 405 and Allow (its ANY)', async () => {
      const head = await fetch(`${restApi()}/health`, { method: 'HEAD' });
      expect([head.status, await head.text()]).toEqual([200, '']);
      const url = `${restApi()}/v1/default/views/todoList/ls-1`;
      const etag = (await fetch(url, { headers: writer })).headers.get('etag') ?? '';
      expect(etag).toMatch(/^"\d+"$/);
      const unchanged = await fetch(url, { headers: { ...writer, 'if-none-match': `W/${etag}` } });
      expect([unchanged.status, unchanged.headers.get('etag'), await unchanged.text()]).toEqual([304, etag, '']);
      const refused = await fetch(url, { method: 'DELETE', headers: writer });
      expect([refused.status, refused.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
      // ANY is behind the authorizer like the route's own methods: no token, API Gateway's 401.
      expect((await fetch(url, { method: 'DELETE' })).status).toBe(401);
      const health = await fetch(`${restApi()}/health`, { method: 'PUT' });
      expect([health.status, health.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
    });

    it('runs the _admin area deployed: a context created is served, a context retired is refused', async () => {
      const { SecretString = '' } = await new SecretsManagerClient(clientConfig).send(
        new GetSecretValueCommand({ SecretId: outputs.JwtSecretArn }),
      );
      const name = `it-${Date.now().toString(36)}`;
      const admin = {
        authorization: `Bearer ${await mintToken(new TextEncoder().encode(SecretString), {
          subject: 'it-admin',
          roles: { _admin: 'admin', [name]: 'writer' },
        })}`,
      };
      const contexts = `${restApi()}/v1/_admin/contexts`;
      const listed = await getJson(contexts, admin);
      expect(listed.status, JSON.stringify(listed.json)).toBe(200);
      // The stack's seed, written by the admin function on its first use.
      expect(listed.json.contexts).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'default' })]));
      expect((await getJson(contexts, writer)).status).toBe(403);
      const created = await postJson(contexts, { name }, admin);
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      expect((await postJson(contexts, { name }, admin)).json.error.code).toBe('CONTEXT_EXISTS');

      // The command function reads the catalog at most every 5 s: the new context is served within that.
      const command = { type: 'CreateTodoList', aggregateId: 'in-new-context', payload: { title: 'New' } };
      const send = () => postJson(`${restApi()}/v1/${name}/commands`, command, admin);
      const until = async (status: number) => {
        let answer = await send();
        for (let poll = 0; poll < 40 && answer.status !== status; poll++) {
          await new Promise((done) => setTimeout(done, 250));
          answer = await send();
        }
        return answer;
      };
      const served = await until(200);
      expect(served.status, JSON.stringify(served.json)).toBe(200);
      const retired = await fetch(`${contexts}/${name}`, { method: 'DELETE', headers: admin });
      expect(retired.status).toBe(200);
      const refused = await until(404);
      expect([refused.status, refused.json.error?.code]).toEqual([404, 'UNKNOWN_CONTEXT']);
    });

    it('takes async commands through the deployed command queue and worker, in order', async () => {
      const commands = `${restApi()}/v1/default/commands`;
      const async = { ...writer, prefer: 'respond-async' };
      const first = await postJson(
        commands,
        { type: 'CreateTodoList', aggregateId: 'ls-2', payload: { title: 'Queued' } },
        async,
      );
      expect(first.status, JSON.stringify(first.json)).toBe(202);
      let last = first;
      for (let i = 0; i < 3; i++) {
        const body = { type: 'AddTodo', aggregateId: 'ls-2', payload: { todoId: `t${i}`, text: `step ${i}` } };
        last = await postJson(commands, body, async);
        expect(last.status).toBe(202);
      }
      const status = `${restApi()}${last.headers.get('location')}`;
      let answer = await getJson(status, writer);
      for (let poll = 0; poll < 150 && answer.json.status !== 'succeeded'; poll++) {
        await new Promise((done) => setTimeout(done, 100));
        answer = await getJson(status, writer);
      }
      expect(answer.json).toMatchObject({ status: 'succeeded', result: { version: 4 } });
      let view = await getJson(`${restApi()}/v1/default/views/todoList/ls-2?minVersion=4`, writer);
      for (let poll = 0; poll < 100 && view.status !== 200; poll++) {
        await new Promise((done) => setTimeout(done, 100));
        view = await getJson(`${restApi()}/v1/default/views/todoList/ls-2?minVersion=4`, writer);
      }
      expect(view.json).toMatchObject({ key: 'ls-2', version: 4, data: { title: 'Queued', openCount: 3 } });
    });

    it('puts every event on the bus, where a rule delivers it to a queue', async () => {
      // Six commits: ls-1 created and one todo (the stale rename and the replay appended nothing), ls-2 four.
      const events = await receiveAll(busQueue, 6);
      const types = events.map((event) => `${event.detail?.aggregateId}:${event['detail-type']}`).sort();
      expect(types).toEqual([
        'ls-1:todoList.TodoAdded',
        'ls-1:todoList.TodoListCreated',
        'ls-2:todoList.TodoAdded',
        'ls-2:todoList.TodoAdded',
        'ls-2:todoList.TodoAdded',
        'ls-2:todoList.TodoListCreated',
      ]);
    });

    /** A view of the deployed API once it is there (the flows between are event source mappings). */
    const viewOnce = async (projection: string, key: string, ready: (json: JsonBody) => boolean) => {
      let view = await getJson(`${restApi()}/v1/default/views/${projection}/${key}`, writer);
      for (let poll = 0; poll < 300 && !(view.status === 200 && ready(view.json)); poll++) {
        await new Promise((done) => setTimeout(done, 100));
        view = await getJson(`${restApi()}/v1/default/views/${projection}/${key}`, writer);
      }
      return view;
    };

    it('runs the deployed process worker: a registration creates the user’s Inbox list, its state in the processes table', async () => {
      const commands = `${restApi()}/v1/default/commands`;
      const userId = `ada-${stage}`;
      const registered = await postJson(
        commands,
        { type: 'RegisterUser', aggregateId: userId, payload: { name: 'Ada', email: 'ada@example.com' } },
        writer,
      );
      expect(registered.status, JSON.stringify(registered.json)).toBe(200);
      // Stream → publisher → process queue → process worker → command queue → command worker →
      // stream → projection queue → projection worker: every arrow a deployed function or mapping.
      const started = performance.now();
      const inbox = await viewOnce('todoList', `inbox-${userId}`, () => true);
      expect(inbox.json).toMatchObject({ key: `inbox-${userId}`, version: 1, data: { title: 'Inbox', todos: [] } });
      console.log(`deployed process: registration to Inbox view ${Math.round(performance.now() - started)} ms`);
      const processes = new DynamoReadModelStore(
        documentClientFor(new DynamoDBClient(clientConfig)),
        outputs.ProcessesTableName ?? '',
      );
      const record = await processes.get('default', 'inboxOnRegistration', userId);
      expect(record).toMatchObject({ version: 1, data: { state: { requested: true } } });
      // The Inbox is created once: a later event of the user sends nothing again.
      await postJson(commands, { type: 'RenameUser', aggregateId: userId, payload: { name: 'Ada L.' } }, writer);
      await viewOnce('user', userId, (json) => json.version === 2);
      const history = await getJson(`${restApi()}/v1/default/aggregates/todoList/inbox-${userId}/events`, writer);
      expect(history.json.events.map((event: { type: string }) => event.type)).toEqual(['TodoListCreated']);
    });

    it('schedules a list’s archive deadline in the stack’s schedule group once all its todos are done, and cancels it when one is reopened', async () => {
      const commands = `${restApi()}/v1/default/commands`;
      const listId = `ls-archive-${stage}`;
      const send = async (type: string, payload: unknown) => {
        const answer = await postJson(commands, { type, aggregateId: listId, payload }, writer);
        expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      };
      await send('CreateTodoList', { title: 'Done soon' });
      await send('AddTodo', { todoId: 't1', text: 'one' });
      const completedAt = Date.now();
      await send('CompleteTodo', { todoId: 't1' });
      // LocalStack keeps the schedule (it never runs one): what the deployed worker asked for.
      const scheduler = new SchedulerClient(clientConfig);
      const listed = async () =>
        (await scheduler.send(new ListSchedulesCommand({ GroupName: outputs.ScheduleGroupName }))).Schedules ?? [];
      let schedules = await listed();
      for (let poll = 0; poll < 300 && schedules.length === 0; poll++) {
        await new Promise((done) => setTimeout(done, 100));
        schedules = await listed();
      }
      expect(schedules).toHaveLength(1);
      const name = schedules[0]?.Name ?? '';
      expect(name).toMatch(/^cairn-[0-9a-f]{48}$/);
      const schedule = await scheduler.send(
        new GetScheduleCommand({ Name: name, GroupName: outputs.ScheduleGroupName }),
      );
      expect(schedule).toMatchObject({
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: outputs.ProcessQueueArn,
          RoleArn: outputs.SchedulerRoleArn,
          SqsParameters: { MessageGroupId: `default#archiveWhenDone#${listId}` },
        },
      });
      // archiveAfter (P7D, cdk.json) from the completing commit, to the second.
      const at = Date.parse(`${/^at\((.+)\)$/.exec(schedule.ScheduleExpression ?? '')?.[1]}Z`);
      expect(Math.abs(at - (completedAt + 7 * 86_400_000))).toBeLessThan(60_000);
      expect(JSON.parse(schedule.Target?.Input ?? '{}')).toMatchObject({
        kind: 'deadline',
        process: 'archiveWhenDone',
        key: listId,
        name: 'archive',
      });
      await send('ReopenTodo', { todoId: 't1' });
      for (let poll = 0; poll < 300 && schedules.length > 0; poll++) {
        await new Promise((done) => setTimeout(done, 100));
        schedules = await listed();
      }
      expect(schedules).toEqual([]);
    });
  });
});
