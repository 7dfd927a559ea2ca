/**
 * The AWS side of process managers in the template: the process FIFO queue (content-based
 * deduplication, for EventBridge Scheduler), its dead-letter queue, the processes table, the
 * schedule group and the scheduler's role, the process worker and what each is allowed.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_AFTER } from '#domain/todoList/archiveProcess';
import { defineCairnApp } from '../../infra/cairnApp';
import { CairnStack, type CairnStackProps } from '../../infra/cairnStack';

const props: CairnStackProps = {
  stage: 'test',
  logRetentionDays: 30,
  retainData: true,
  websocket: true,
  functions: true,
  corsOrigin: '*',
  contexts: 'default',
};

const synth = (overrides: Partial<CairnStackProps> = {}) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return Template.fromStack(new CairnStack(app, 'Cairn-test', { ...props, ...overrides }));
};
const template = synth();
const resources = (type: string) => Object.entries(template.findResources(type));
/** A resource's logical id: its construct path's name and CDK's 8-digit hash. */
const idOf = (type: string, name: string): string => {
  const ids = resources(type)
    .map(([id]) => id)
    .filter((id) => new RegExp(`^${name}[0-9A-F]{8}$`).test(id));
  expect(ids, name).toHaveLength(1);
  return ids[0] as string;
};
const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
  Effect: string;
}
/** Every statement of a function's role policy, by the function's logical-id prefix. */
const statementsOf = (functionPrefix: string): Statement[] => {
  const policies = resources('AWS::IAM::Policy').filter(([id]) =>
    id.startsWith(`${functionPrefix}ServiceRoleDefaultPolicy`),
  );
  expect(policies).toHaveLength(1);
  return policies[0]?.[1].Properties.PolicyDocument.Statement ?? [];
};
const actions = (statement: Statement) => [statement.Action].flat();
const variablesOf = (prefix: string): Record<string, unknown> =>
  resources('AWS::Lambda::Function').find(([id]) => id.startsWith(prefix))?.[1].Properties.Environment.Variables;

const processQueue = idOf('AWS::SQS::Queue', 'ProcessQueue');
const processDlq = idOf('AWS::SQS::Queue', 'ProcessQueueDeadLetters');
const processesTable = idOf('AWS::DynamoDB::Table', 'TablesProcesses');
const schedulerRole = idOf('AWS::IAM::Role', 'DeadlinesSchedulerRole');
const SCHEDULE_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:UpdateSchedule'];

describe('process managers in the stack', () => {
  it('has a process FIFO queue that deduplicates by content, redriving to its FIFO dead-letter queue', () => {
    const queues = Object.fromEntries(resources('AWS::SQS::Queue'));
    expect(queues[processQueue]?.Properties).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: true,
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: arnOf(processDlq), maxReceiveCount: 5 },
    });
    expect(queues[processDlq]?.Properties).toMatchObject({ FifoQueue: true, MessageRetentionPeriod: 1209600 });
    // The command and projection queues keep explicit deduplication ids only.
    const contentDeduplicated = resources('AWS::SQS::Queue').filter(([, q]) => q.Properties.ContentBasedDeduplication);
    expect(contentDeduplicated.map(([id]) => id)).toEqual([processQueue]);
  });

  it('keeps process state in a table with the views table keys (pk S, sk S), without indexes, stream or TTL', () => {
    const [, table] = resources('AWS::DynamoDB::Table').find(([id]) => id === processesTable) ?? [];
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.Properties).toEqual({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it("has the stack's own schedule group, deleted with the stack", () => {
    const id = idOf('AWS::Scheduler::ScheduleGroup', 'DeadlinesGroup');
    const [, group] = resources('AWS::Scheduler::ScheduleGroup').find(([candidate]) => candidate === id) ?? [];
    expect(resources('AWS::Scheduler::ScheduleGroup')).toHaveLength(1);
    expect(group?.Properties).toEqual({ Name: 'Cairn-test-deadlines' });
    expect(group?.DeletionPolicy).toBe('Delete');
  });

  it("gives the scheduler's role exactly sqs:SendMessage on the process queue, assumed by the scheduler of this account only", () => {
    const [, role] = resources('AWS::IAM::Role').find(([id]) => id === schedulerRole) ?? [];
    expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role?.Properties.Policies.map((p: { PolicyDocument: unknown }) => p.PolicyDocument)).toEqual([
      {
        Version: '2012-10-17',
        Statement: [{ Action: 'sqs:SendMessage', Effect: 'Allow', Resource: arnOf(processQueue) }],
      },
    ]);
    // No other policy is attached to it.
    const attached = resources('AWS::IAM::Policy').filter(([, policy]) =>
      JSON.stringify(policy.Properties.Roles ?? []).includes(`"${schedulerRole}"`),
    );
    expect(attached).toEqual([]);
  });

  it('lets the process worker create, update and delete schedules in its own group only, and pass the scheduler role only to the scheduler', () => {
    const statements = statementsOf('ProcessWorker');
    const scheduling = statements.filter((statement) => actions(statement).some((a) => a.startsWith('scheduler:')));
    expect(scheduling.flatMap(actions).sort()).toEqual(SCHEDULE_ACTIONS);
    for (const statement of scheduling) {
      expect(statement.Resource).toEqual({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':scheduler:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':schedule/Cairn-test-deadlines/*',
          ],
        ],
      });
    }
    const passing = statements.filter((statement) => actions(statement).includes('iam:PassRole'));
    expect(passing).toEqual([
      {
        Action: 'iam:PassRole',
        Effect: 'Allow',
        Resource: arnOf(schedulerRole),
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
    // Nothing else schedules or passes roles.
    for (const [id, policy] of resources('AWS::IAM::Policy')) {
      if (id.startsWith('ProcessWorker')) continue;
      const granted = (policy.Properties.PolicyDocument.Statement as Statement[]).flatMap(actions);
      expect(
        granted.filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole'),
        id,
      ).toEqual([]);
    }
    expect(variablesOf('ProcessWorker')).toMatchObject({
      SCHEDULE_GROUP_NAME: 'Cairn-test-deadlines',
      SCHEDULER_ROLE_ARN: arnOf(schedulerRole),
      PROCESS_QUEUE_ARN: arnOf(processQueue),
    });
  });

  it('gives the process worker its tables (processes read/write, events read, ledger read/write) and the queues it sends to', () => {
    const statements = statementsOf('ProcessWorker');
    const onResource = (logicalId: string) =>
      statements.filter((s) => JSON.stringify(s.Resource).includes(`"${logicalId}"`)).flatMap(actions);
    const tableId = (prefix: string) => idOf('AWS::DynamoDB::Table', prefix);
    expect(onResource(processesTable)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem']));
    expect(onResource(tableId('TablesEvents'))).toContain('dynamodb:GetItem');
    expect(onResource(tableId('TablesEvents')).filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
    expect(onResource(tableId('TablesCommands'))).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']),
    );
    for (const prefix of ['TablesViews', 'TablesSnapshots', 'TablesConnections', 'TablesContexts']) {
      expect(onResource(tableId(prefix)), prefix).toEqual([]);
    }
    const commandQueue = idOf('AWS::SQS::Queue', 'CommandQueue');
    for (const queue of [commandQueue, processQueue, processDlq])
      expect(onResource(queue)).toContain('sqs:SendMessage');
    expect(onResource(processQueue)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(variablesOf('ProcessWorker')).toMatchObject({
      PROCESSES_TABLE: { Ref: processesTable },
      EVENTS_TABLE: { Ref: tableId('TablesEvents') },
      COMMANDS_TABLE: { Ref: tableId('TablesCommands') },
      // Named for the command service it enqueues through, which never reads it: no grant (above).
      SNAPSHOTS_TABLE: { Ref: tableId('TablesSnapshots') },
      COMMAND_QUEUE_URL: { Ref: commandQueue },
      PROCESS_QUEUE_URL: { Ref: processQueue },
      PROCESS_DLQ_URL: { Ref: processDlq },
      CAIRN_ARCHIVE_AFTER: DEFAULT_ARCHIVE_AFTER,
    });
  });

  it('feeds the process worker from the process queue in batches with partial failures, and lets the publisher send to it', () => {
    const mappings = resources('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    const worker = idOf('AWS::Lambda::Function', 'ProcessWorker');
    expect(mappings.filter((m) => JSON.stringify(m.EventSourceArn).includes(`"${processQueue}"`))).toEqual([
      expect.objectContaining({
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        FunctionName: { Ref: worker },
      }),
    ]);
    const publisher = statementsOf('Publisher').filter((s) => JSON.stringify(s.Resource).includes(`"${processQueue}"`));
    expect(publisher.flatMap(actions)).toContain('sqs:SendMessage');
    expect(variablesOf('Publisher')).toMatchObject({ PROCESS_QUEUE_URL: { Ref: processQueue } });
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining([
        'ProcessQueueUrl',
        'ProcessQueueArn',
        'ProcessDeadLetterQueueUrl',
        'ProcessesTableName',
        'ScheduleGroupName',
        'SchedulerRoleArn',
      ]),
    );
  });

  it('takes archiveAfter as a context value (P7D by default, as the domain), refused at synth when it is no duration', () => {
    expect(variablesOf('ProcessWorker')?.CAIRN_ARCHIVE_AFTER).toBe('P7D');
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], archiveAfter: 'PT36H', stage: 'ctx' } });
    const [stack] = defineCairnApp(app);
    const fromContext = Template.fromStack(stack as CairnStack).findResources('AWS::Lambda::Function');
    const worker = Object.entries(fromContext).find(([id]) => id.startsWith('ProcessWorker'))?.[1];
    expect(worker?.Properties.Environment.Variables.CAIRN_ARCHIVE_AFTER).toBe('PT36H');
    // Only the worker runs the processes: no other function is given the setting.
    const given = Object.entries(fromContext).filter(
      ([, fn]) => fn.Properties.Environment.Variables.CAIRN_ARCHIVE_AFTER,
    );
    expect(given.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(['ProcessWorker']);
    for (const bad of ['P1M', 'soon', '7d', '']) {
      expect(() => synth({ archiveAfter: bad }), bad).toThrow(/archiveAfter=.*not an ISO 8601 duration/);
    }
  });
});
