/**
 * `npm run deploy:localstack` against the host-run LocalStack: cdklocal bootstraps and deploys the
 * real stack; the test reads back what CloudFormation created, then runs the handlers in-process
 * (the local runtime) against the deployed tables and queues. LocalStack's open-source Lambda
 * cannot create functions without Docker, so the deploy here is the data plane (functions=false).
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
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_AWS_ENV } from '../support/emulators';
import { getJson, postJson, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';

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

describe('npm run deploy:localstack (cdklocal, host-run LocalStack)', () => {
  it('deploys the data plane: 4 tables, 4 FIFO queues, the bus, the dead-letter alarms, and no function', async () => {
    expect(deployLog).toContain('No Docker engine: deploying the data plane only');
    const { StackResourceSummaries = [] } = await new CloudFormationClient(clientConfig).send(
      new ListStackResourcesCommand({ StackName: stackName }),
    );
    const created = StackResourceSummaries.filter((resource) => resource.ResourceStatus === 'CREATE_COMPLETE');
    const count = (type: string) => created.filter((resource) => resource.ResourceType === type).length;
    expect(count('AWS::DynamoDB::Table')).toBe(4);
    expect(count('AWS::SQS::Queue')).toBe(4);
    expect(count('AWS::Events::EventBus')).toBe(1);
    expect(count('AWS::CloudWatch::Alarm')).toBe(2);
    expect(count('AWS::Lambda::Function')).toBe(0);
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
    for (const url of [outputs.CommandQueueUrl, outputs.ProjectionQueueUrl]) {
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
    }
    const alarms = await new CloudWatchClient(clientConfig).send(new DescribeAlarmsCommand({}));
    const watched = alarms.MetricAlarms?.filter((alarm) => alarm.AlarmName?.startsWith(stackName)) ?? [];
    expect(watched.map((alarm) => alarm.MetricName)).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'ApproximateNumberOfMessagesVisible',
    ]);
    const bus = await new EventBridgeClient(clientConfig).send(
      new DescribeEventBusCommand({ Name: outputs.EventBusName }),
    );
    expect(bus.Name).toBe(`cairn-${stage}`);
  });

  describe('with the handlers in-process on the deployed tables and queues', () => {
    let runtime: RuntimeProcess;
    beforeAll(async () => {
      runtime = await startRuntimeProcess({
        CAIRN_STORE: 'aws',
        AWS_ENDPOINT_URL: endpoint,
        EVENTS_TABLE: outputs.EventsTableName ?? '',
        COMMANDS_TABLE: outputs.CommandsTableName ?? '',
        VIEWS_TABLE: outputs.ViewsTableName ?? '',
        CONNECTIONS_TABLE: outputs.ConnectionsTableName ?? '',
        COMMAND_QUEUE_URL: outputs.CommandQueueUrl ?? '',
        PROJECTION_QUEUE_URL: outputs.ProjectionQueueUrl ?? '',
        PROJECTION_DLQ_URL: outputs.ProjectionDeadLetterQueueUrl ?? '',
        EVENT_BUS_NAME: outputs.EventBusName ?? '',
      });
    });
    afterAll(async () => {
      await runtime?.stop();
    });

    it('takes async commands through the deployed FIFO queue into the event store, and on into views', async () => {
      const commands = `${runtime.url}/v1/default/commands`;
      const async = { Prefer: 'respond-async' };
      const first = await postJson(
        commands,
        { type: 'CreateTodoList', aggregateId: 'ls-1', payload: { title: 'Deployed' } },
        async,
      );
      expect(first.status).toBe(202);
      let last = first;
      for (let i = 0; i < 3; i++) {
        const body = { type: 'AddTodo', aggregateId: 'ls-1', payload: { todoId: `t${i}`, text: `step ${i}` } };
        last = await postJson(commands, body, async);
        expect(last.status).toBe(202);
      }
      const status = `${runtime.url}${last.headers.get('location')}`;
      for (let poll = 0; poll < 150 && (await getJson(status)).json.status !== 'succeeded'; poll++) {
        await new Promise((done) => setTimeout(done, 100));
      }
      expect((await getJson(status)).json).toMatchObject({ status: 'succeeded', result: { version: 4 } });
      // Through the deployed table's stream, the projection queue and the views table.
      const view = await getJson(`${runtime.url}/v1/default/views/todoList/ls-1?minVersion=4`);
      expect(view.json).toMatchObject({ key: 'ls-1', version: 4, data: { title: 'Deployed', openCount: 3 } });
    });
  });
});
