import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { TABLE_SCHEMAS } from '#adapters/dynamodb/tableSchemas';
import { tableDefinitions } from '#adapters/dynamodb/tables';
import { CORS_POLICY } from '#http/cors';
import { REST_ROUTES, WEBSOCKET_ACTIONS } from '#http/routes';
import { ENV } from '#runtime/environment';
import { CairnStack, type CairnStackProps } from '../../infra/cairnStack';
import { applyNagSuppressions } from '../../infra/nagSuppressions';

const props: CairnStackProps = {
  stage: 'test',
  logRetentionDays: 30,
  retainData: true,
  websocket: true,
  functions: true,
  corsOrigin: 'https://demo.example',
  contexts: 'default,shop',
};

/** Template tests skip bundling (an app-level switch): they read the template, not the code. */
const synth = (overrides: Partial<CairnStackProps> = {}) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CairnStack(app, 'Cairn-test', { ...props, ...overrides });
  return { stack, template: Template.fromStack(stack) };
};

const { template } = synth();
const resources = (type: string) => template.findResources(type);

/** The IAM actions granted to a function's role, sorted, by the function's logical-id prefix. */
const actionsOf = (functionPrefix: string): string[] => {
  const policies = Object.entries(resources('AWS::IAM::Policy')).filter(([id]) =>
    id.startsWith(`${functionPrefix}ServiceRoleDefaultPolicy`),
  );
  expect(policies).toHaveLength(1);
  const statements = (policies[0]?.[1].Properties.PolicyDocument.Statement ?? []) as { Action: string | string[] }[];
  return [...new Set(statements.flatMap((statement) => [statement.Action].flat()))].sort();
};

/** The DynamoDB actions a function's role has on one table, by the table's logical-id prefix (`TablesSnapshots`). */
const tableActionsOf = (functionPrefix: string, tablePrefix: string): string[] => {
  const policies = Object.entries(resources('AWS::IAM::Policy')).filter(([id]) =>
    id.startsWith(`${functionPrefix}ServiceRoleDefaultPolicy`),
  );
  expect(policies).toHaveLength(1);
  const statements = (policies[0]?.[1].Properties.PolicyDocument.Statement ?? []) as {
    Action: string | string[];
    Resource: unknown;
  }[];
  const onTable = statements.filter((statement) => JSON.stringify(statement.Resource).includes(`"${tablePrefix}`));
  return [...new Set(onTable.flatMap((statement) => [statement.Action].flat()))].sort();
};
const WRITES = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const READS = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];

/** Cairn's own functions: not CDK's handler that copies the console into its bucket (BucketDeployment). */
const cairnFunctions = (stack: Template) =>
  Object.entries(stack.findResources('AWS::Lambda::Function'))
    .filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'))
    .map(([, fn]) => fn);

/** A function's environment variables, by the function's logical-id prefix. */
const environmentOf = (stack: Template, prefix: string): Record<string, unknown> | undefined =>
  Object.entries(stack.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(prefix))?.[1].Properties
    .Environment.Variables;

describe('Cairn stack template', () => {
  it('keeps the event store with a NEW_IMAGE stream and point-in-time recovery, on demand, retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([{ AttributeName: 'sk', AttributeType: 'N' }]),
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        BillingMode: 'PAY_PER_REQUEST',
      }),
      DeletionPolicy: 'Retain',
    });
    template.resourceCountIs('AWS::DynamoDB::Table', 7);
    // Subscriptions are found by a strongly consistent query on the connections table: no index
    // there. Only the views table has indexes: the generic ones of collections (sorted, filter0..2),
    // and `changed` (keys only) for resuming live collections.
    template.resourcePropertiesCountIs('AWS::DynamoDB::Table', { GlobalSecondaryIndexes: Match.anyValue() }, 1);
    const views = Object.entries(resources('AWS::DynamoDB::Table')).find(([id]) => id.startsWith('TablesViews'));
    const indexes = (views?.[1].Properties.GlobalSecondaryIndexes ?? []) as {
      IndexName: string;
      Projection: unknown;
    }[];
    expect(indexes.map((index) => [index.IndexName, index.Projection])).toEqual([
      ...['sorted', 'filter0', 'filter1', 'filter2'].map((name) => [name, { ProjectionType: 'ALL' }]),
      ['changed', { ProjectionType: 'KEYS_ONLY' }],
    ]);
    template.resourcePropertiesCountIs(
      'AWS::DynamoDB::Table',
      { TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } },
      2,
    );
  });

  it('keeps snapshots in a table of their own: one item per stream key, on demand, no stream, no TTL', () => {
    const snapshots = Object.entries(resources('AWS::DynamoDB::Table')).filter(([id]) =>
      id.startsWith('TablesSnapshots'),
    );
    expect(snapshots).toHaveLength(1);
    const [, table] = snapshots[0] ?? [];
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.Properties).toEqual({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(Object.keys(template.findOutputs('*'))).toContain('SnapshotsTableName');
  });

  it('deletes the tables on destroy only when asked to', () => {
    const tables = synth({ retainData: false }).template.findResources('AWS::DynamoDB::Table');
    expect(Object.values(tables).map((table) => table.DeletionPolicy)).toEqual(Array(7).fill('Delete'));
  });

  it('makes the three queues high-throughput FIFO with a FIFO dead-letter queue and redrive', () => {
    const fifo = Object.values(resources('AWS::SQS::Queue')).filter((queue) => queue.Properties.FifoQueue);
    expect(fifo).toHaveLength(6);
    for (const queue of fifo) {
      expect(queue.Properties).toMatchObject({
        DeduplicationScope: 'messageGroup',
        FifoThroughputLimit: 'perMessageGroupId',
        SqsManagedSseEnabled: true,
      });
    }
    const redriven = fifo.filter((queue) => queue.Properties.RedrivePolicy);
    expect(redriven).toHaveLength(3);
    for (const queue of redriven) {
      expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
      expect(queue.Properties.VisibilityTimeout).toBe(180);
    }
  });

  it('feeds the workers from the FIFO queues with partial batch responses, and the publisher from the stream', () => {
    const mappings = Object.values(resources('AWS::Lambda::EventSourceMapping')).map((m) => m.Properties);
    const sqs = mappings.filter((m) => !m.StartingPosition);
    expect(sqs).toHaveLength(3);
    for (const mapping of sqs) {
      expect(mapping).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    }
    const stream = mappings.filter((m) => m.StartingPosition);
    expect(stream).toEqual([
      expect.objectContaining({
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
        FunctionName: { Ref: expect.stringMatching(/^Publisher[0-9A-F]{8}$/) },
      }),
    ]);
  });

  it('runs every function on Node.js 24, ARM64, traced, with its own log group', () => {
    const functions = cairnFunctions(template).map((f) => f.Properties);
    expect(functions).toHaveLength(9);
    for (const fn of functions) {
      expect(fn).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
      });
    }
    template.resourceCountIs('AWS::Logs::LogGroup', 11); // nine functions, REST and WebSocket access logs
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('grants each function exactly the actions it uses, and never Action *', () => {
    const read = ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
    expect(actionsOf('Query')).toEqual(expect.arrayContaining(read));
    expect(actionsOf('Query').filter((action) => action.startsWith('dynamodb:Put'))).toEqual([]);
    expect(actionsOf('Publisher')).toEqual(
      expect.arrayContaining([
        'events:PutEvents',
        'sqs:SendMessage',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
      ]),
    );
    // The publisher reads the events (to snapshot aggregates) and never writes them; it writes the
    // commits' command records without reading the ledger; it reads and writes snapshots.
    expect(tableActionsOf('Publisher', 'TablesEvents')).toEqual(expect.arrayContaining(READS));
    expect(tableActionsOf('Publisher', 'TablesEvents').filter((action) => WRITES.includes(action))).toEqual([]);
    expect(tableActionsOf('Publisher', 'TablesCommands')).toEqual(expect.arrayContaining(WRITES));
    expect(tableActionsOf('Publisher', 'TablesCommands').filter((action) => READS.includes(action))).toEqual([]);
    expect(tableActionsOf('Publisher', 'TablesSnapshots')).toEqual(expect.arrayContaining([...READS, ...WRITES]));
    expect(tableActionsOf('Publisher', 'TablesViews')).toEqual([]);
    // Whatever runs commands reads snapshots and cannot write them.
    for (const name of ['CommandHttp', 'CommandWorker', 'WebSocket']) {
      expect(tableActionsOf(name, 'TablesSnapshots')).toEqual(expect.arrayContaining(READS));
      expect(tableActionsOf(name, 'TablesSnapshots').filter((action) => WRITES.includes(action))).toEqual([]);
      expect(tableActionsOf(name, 'TablesEvents')).toEqual(expect.arrayContaining([...READS, 'dynamodb:PutItem']));
      expect(tableActionsOf(name, 'TablesCommands')).toEqual(expect.arrayContaining([...READS, 'dynamodb:PutItem']));
    }
    for (const name of ['Query', 'ProjectionWorker', 'Authorizer', 'AdminApi', 'ProcessWorker']) {
      expect(tableActionsOf(name, 'TablesSnapshots')).toEqual([]);
    }
    expect(actionsOf('CommandHttp')).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'sqs:SendMessage']));
    expect(actionsOf('CommandHttp')).not.toContain('execute-api:ManageConnections');
    expect(actionsOf('ProjectionWorker')).toEqual(
      expect.arrayContaining(['execute-api:ManageConnections', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']),
    );
    expect(actionsOf('WebSocket')).toContain('execute-api:ManageConnections');
    // The authorizer reads the token secret and nothing else.
    expect(actionsOf('Authorizer')).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    // The WebSocket function verifies `authenticate` frames' tokens itself: it reads the secret too.
    expect(actionsOf('WebSocket')).toEqual(
      expect.arrayContaining(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']),
    );
    for (const name of [
      'CommandHttp',
      'Query',
      'ProjectionWorker',
      'Publisher',
      'CommandWorker',
      'AdminApi',
      'ProcessWorker',
    ]) {
      expect(actionsOf(name).filter((action) => action.startsWith('secretsmanager:'))).toEqual([]);
    }
    for (const policy of Object.values(resources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        expect([statement.Action].flat()).not.toContain('*');
      }
    }
  });

  it('names the snapshots table to whatever runs commands, and the events, commands and snapshots tables to the publisher', () => {
    const refOf = (prefix: string) => ({
      Ref: Object.keys(resources('AWS::DynamoDB::Table')).find((id) => id.startsWith(prefix)),
    });
    for (const name of ['CommandHttp', 'CommandWorker', 'WebSocket', 'Publisher']) {
      expect(environmentOf(template, name)).toMatchObject({
        EVENTS_TABLE: refOf('TablesEvents'),
        COMMANDS_TABLE: refOf('TablesCommands'),
        SNAPSHOTS_TABLE: refOf('TablesSnapshots'),
      });
    }
    expect(environmentOf(template, 'Publisher')).toMatchObject({
      PROJECTION_QUEUE_URL: expect.anything(),
      EVENT_BUS_NAME: expect.anything(),
    });
    for (const name of ['Query', 'ProjectionWorker', 'Authorizer']) {
      expect(environmentOf(template, name)?.SNAPSHOTS_TABLE).toBeUndefined();
    }
  });

  it('keeps the context catalog in a table of its own: one item per context name, no stream, no TTL, retained', () => {
    const contexts = Object.entries(resources('AWS::DynamoDB::Table')).filter(([id]) =>
      id.startsWith('TablesContexts'),
    );
    expect(contexts).toHaveLength(1);
    const [, table] = contexts[0] ?? [];
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.Properties).toEqual({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(Object.keys(template.findOutputs('*'))).toContain('ContextsTableName');
  });

  it('creates every table as tableDefinitions does (both read tableSchemas.ts): keys, stream, TTL', () => {
    const names = { events: 'events', commands: 'commands', snapshots: 'snapshots', views: 'views' };
    const definitions = tableDefinitions({
      ...names,
      connections: 'connections',
      contexts: 'contexts',
      processes: 'processes',
    });
    const tables = Object.entries(resources('AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(definitions.length);
    for (const definition of definitions) {
      const prefix = `Tables${(definition.TableName ?? '').replace(/^./, (first) => first.toUpperCase())}`;
      const [, table] = tables.find(([id]) => id.startsWith(prefix)) ?? [];
      expect(table?.Properties.KeySchema).toEqual(definition.KeySchema);
      expect(table?.Properties.AttributeDefinitions).toEqual(definition.AttributeDefinitions);
      expect(table?.Properties.StreamSpecification?.StreamViewType).toBe(
        definition.StreamSpecification?.StreamViewType,
      );
      const schema = TABLE_SCHEMAS[definition.TableName as keyof typeof TABLE_SCHEMAS];
      const ttl = 'timeToLiveAttribute' in schema ? schema.timeToLiveAttribute : undefined;
      expect(table?.Properties.TimeToLiveSpecification?.AttributeName).toBe(ttl);
    }
  });

  it('creates exactly the deployed routes of the route table, each to its handler, as the local gateway dispatches', () => {
    const apiResources = resources('AWS::ApiGateway::Resource');
    const pathOf = (ref: unknown): string => {
      const id = (ref as { Ref?: string }).Ref;
      const resource = id ? apiResources[id] : undefined;
      return resource ? `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}` : '';
    };
    const functionIds = Object.keys(resources('AWS::Lambda::Function'));
    const FUNCTION_OF = { commandApi: 'CommandHttp', queryApi: 'Query', adminApi: 'AdminApi' } as const;
    const created = Object.values(resources('AWS::ApiGateway::Method'))
      .map((method) => method.Properties)
      .filter((method) => method.HttpMethod !== 'OPTIONS')
      .map((method) => {
        const target = functionIds.find((id) => JSON.stringify(method.Integration.Uri).includes(`"${id}"`)) ?? '';
        return `${method.HttpMethod} ${pathOf(method.ResourceId)} ${target.replace(/[0-9A-F]{8}$/, '')}`;
      })
      .sort();
    // Each route's methods (HEAD beside GET) and ANY, which answers 405 for the methods it lacks.
    const expected = REST_ROUTES.filter((route) => route.deployed)
      .flatMap((route) =>
        [...route.methods, 'ANY'].map((method) => `${method} ${route.path} ${FUNCTION_OF[route.handler]}`),
      )
      .sort();
    expect(created).toEqual(expected);
    const routeKeys = Object.values(resources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey);
    expect(routeKeys.sort()).toEqual(['$connect', '$default', '$disconnect', ...WEBSOCKET_ACTIONS].sort());
  });

  it('puts HEAD beside every GET and ANY on every route, each behind the authorizer exactly where its route is', () => {
    const apiResources = resources('AWS::ApiGateway::Resource');
    const pathOf = (ref: unknown): string => {
      const id = (ref as { Ref?: string }).Ref;
      const resource = id ? apiResources[id] : undefined;
      return resource ? `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}` : '';
    };
    const methods = Object.values(resources('AWS::ApiGateway::Method')).map((method) => method.Properties);
    const on = (path: string) => methods.filter((method) => pathOf(method.ResourceId) === path);
    for (const route of REST_ROUTES.filter((candidate) => candidate.deployed)) {
      const here = on(route.path);
      const names = here.map((method) => method.HttpMethod);
      expect(names.includes('HEAD'), route.path).toBe(names.includes('GET'));
      expect(
        names.filter((name) => name === 'ANY'),
        route.path,
      ).toHaveLength(1);
      for (const method of here.filter((candidate) => candidate.HttpMethod !== 'OPTIONS')) {
        expect([route.path, method.HttpMethod, method.AuthorizationType]).toEqual([
          route.path,
          method.HttpMethod,
          route.authorized ? 'CUSTOM' : 'NONE',
        ]);
      }
    }
  });

  it('lets the REST API invoke each of its functions with one permission for the whole API, not two per method', () => {
    const permissions = Object.values(resources('AWS::Lambda::Permission')).map((p) => p.Properties);
    const restApi = Object.keys(resources('AWS::ApiGateway::RestApi'))[0] ?? 'none';
    for (const prefix of ['CommandHttp', 'Query', 'AdminApi']) {
      const own = permissions.filter((p) => JSON.stringify(p.FunctionName).includes(`"${prefix}`));
      expect(own, prefix).toHaveLength(1);
      expect(own[0]?.Principal).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(own[0]?.SourceArn)).toContain(`{"Ref":"${restApi}"},"/*/*/*"`);
    }
  });

  it('serves the `_admin` area (the context catalog) from the admin function, behind the authorizer', () => {
    const apiResources = resources('AWS::ApiGateway::Resource');
    // The path part under its parent: `_admin` is both `/v1/_admin` and a context's `/v1/{context}/_admin`.
    const idOf = (pathPart: string, parent?: string) =>
      Object.entries(apiResources).find(
        ([, r]) => r.Properties.PathPart === pathPart && (!parent || r.Properties.ParentId.Ref === parent),
      )?.[0] ?? 'none';
    const admin = Object.keys(resources('AWS::Lambda::Function')).find((id) => id.startsWith('AdminApi'));
    const methodsOn = (resourceId: string) =>
      Object.values(resources('AWS::ApiGateway::Method'))
        .map((method) => method.Properties)
        .filter((method) => method.ResourceId.Ref === resourceId && method.HttpMethod !== 'OPTIONS');
    const area = idOf('_admin', idOf('v1'));
    expect(apiResources[area]).toBeDefined();
    expect(apiResources[idOf('contexts', area)]?.Properties.ParentId).toEqual({ Ref: area });
    expect(apiResources[idOf('{name}')]?.Properties.ParentId).toEqual({ Ref: idOf('contexts', area) });
    const routes = [...methodsOn(idOf('contexts', area)), ...methodsOn(idOf('{name}'))];
    expect(routes.map((method) => method.HttpMethod).sort()).toEqual(['ANY', 'ANY', 'DELETE', 'GET', 'HEAD', 'POST']);
    // A context's operator routes (the console's), and `_whoami`, from the same function.
    const contextArea = idOf('_admin', idOf('{context}'));
    const projections = idOf('projections', contextArea);
    const letters = idOf('{queue}', idOf('dead-letters', contextArea));
    const operator = [
      ...methodsOn(idOf('_whoami', idOf('v1'))),
      ...methodsOn(projections),
      ...methodsOn(idOf('switch', idOf('{projection}', projections))),
      ...methodsOn(letters),
      ...methodsOn(idOf('redrive', letters)),
      ...methodsOn(idOf('processes', contextArea)),
    ];
    expect(operator.map((method) => method.HttpMethod).sort()).toEqual([
      ...Array(6).fill('ANY'),
      ...Array(4).fill('GET'),
      ...Array(4).fill('HEAD'),
      'POST',
      'POST',
    ]);
    for (const method of [...routes, ...operator]) {
      expect(method.AuthorizationType).toBe('CUSTOM');
      expect(JSON.stringify(method.Integration.Uri)).toContain(`"${admin}"`);
    }
  });

  it('gives the admin function the catalog (read and write), what the operator routes read and redrive, and nothing else; whatever checks contexts reads it', () => {
    expect(tableActionsOf('AdminApi', 'TablesContexts')).toEqual(expect.arrayContaining([...READS, ...WRITES]));
    // Positions: the events read (a scan, for the streams) and the views; the generation switch writes the views.
    expect(tableActionsOf('AdminApi', 'TablesEvents')).toEqual(expect.arrayContaining(READS));
    expect(tableActionsOf('AdminApi', 'TablesEvents').filter((action) => WRITES.includes(action))).toEqual([]);
    expect(tableActionsOf('AdminApi', 'TablesViews')).toEqual(expect.arrayContaining([...READS, ...WRITES]));
    expect(tableActionsOf('AdminApi', 'TablesProcesses').filter((action) => WRITES.includes(action))).toEqual([]);
    for (const table of ['TablesCommands', 'TablesSnapshots', 'TablesConnections']) {
      expect(tableActionsOf('AdminApi', table)).toEqual([]);
    }
    // The dead letters: received, kept hidden while looked at, deleted once redriven; sent back to their queue.
    expect(actionsOf('AdminApi').filter((action) => !/^(dynamodb|xray):/.test(action))).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
    ]);
    expect(Object.keys(environmentOf(template, 'AdminApi') ?? {})).toEqual(
      expect.arrayContaining(['PROJECTION_DLQ_URL', 'PROJECTION_QUEUE_URL', 'PROCESS_DLQ_URL', 'PROCESS_QUEUE_URL']),
    );
    const contextsTable = Object.keys(resources('AWS::DynamoDB::Table')).find((id) => id.startsWith('TablesContexts'));
    expect(environmentOf(template, 'AdminApi')).toMatchObject({
      CONTEXTS_TABLE: { Ref: contextsTable },
      CAIRN_CONTEXTS: 'default,shop',
    });
    for (const name of ['CommandHttp', 'Query', 'WebSocket', 'ProjectionWorker']) {
      expect(tableActionsOf(name, 'TablesContexts')).toEqual(expect.arrayContaining(READS));
      expect(tableActionsOf(name, 'TablesContexts').filter((action) => WRITES.includes(action))).toEqual([]);
      expect(environmentOf(template, name)).toMatchObject({
        CONTEXTS_TABLE: { Ref: contextsTable },
        CAIRN_CONTEXTS: 'default,shop',
      });
    }
    // The worker runs what the command API accepted; the publisher and the authorizer serve no context.
    for (const name of ['CommandWorker', 'Publisher', 'Authorizer']) {
      expect(tableActionsOf(name, 'TablesContexts')).toEqual([]);
      expect(environmentOf(template, name)?.CONTEXTS_TABLE).toBeUndefined();
    }
  });

  it('sets only the variables that ENV names (and NODE_OPTIONS)', () => {
    const { template: configured } = synth({
      oidc: { issuer: 'https://issuer.example', audience: 'client-1' },
      tokenMaxLifetimeSeconds: 3600,
    });
    const known = new Set<string>([...Object.values(ENV), 'NODE_OPTIONS']);
    for (const fn of cairnFunctions(configured)) {
      const names = Object.keys(fn.Properties.Environment.Variables);
      expect(names.filter((name) => !known.has(name))).toEqual([]);
    }
  });

  it('routes the WebSocket API on the action field, to one function, and hands it the management endpoint', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
    const routes = Object.values(resources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey);
    expect(routes.sort()).toEqual([
      '$connect',
      '$default',
      '$disconnect',
      'authenticate',
      'command',
      'ping',
      'subscribe',
      'tail',
      'unsubscribe',
      'untail',
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ WEBSOCKET_ENDPOINT: Match.anyValue(), CONNECTIONS_TABLE: Match.anyValue() }),
      },
    });
  });

  it('serves the REST contract, throttled, with CORS for the demo origin', () => {
    const paths = Object.values(resources('AWS::ApiGateway::Resource')).map((r) => r.Properties.PathPart);
    expect(paths).toEqual(
      expect.arrayContaining(['health', 'v1', '{context}', 'commands', '{commandId}', 'aggregates', 'views', '{key}']),
    );
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 })],
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      Integration: Match.objectLike({
        IntegrationResponses: [
          Match.objectLike({
            ResponseParameters: Match.objectLike({
              'method.response.header.Access-Control-Allow-Origin': "'https://demo.example'",
            }),
          }),
        ],
      }),
    });
  });

  it('alarms on every dead-letter queue and on function errors, and outputs the URLs and bus', () => {
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(4);
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toHaveLength(8);
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['RestApiUrl', 'WebSocketUrl', 'EventBusName']),
    );
  });

  it('puts the Lambda authorizer, cached 60 s per token, on every REST route but /health, /openapi.json, /asyncapi.json and the CORS preflights', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 60,
    });
    const methods = Object.values(resources('AWS::ApiGateway::Method')).map((method) => method.Properties);
    const open = methods.filter((method) => method.AuthorizationType === 'NONE' || !method.AuthorizationType);
    // /health, /openapi.json, /asyncapi.json: GET, HEAD and ANY (405) each; a CORS preflight per resource.
    expect(open.map((method) => method.HttpMethod).sort()).toEqual([
      ...Array(3).fill('ANY'),
      ...Array(3).fill('GET'),
      ...Array(3).fill('HEAD'),
      ...Array(open.length - 9).fill('OPTIONS'),
    ]);
    const secured = methods.filter((method) => method.AuthorizationType === 'CUSTOM');
    // Commands (POST, GET status, GET events), views (GET one, GET a page), the `_admin` contexts
    // (GET, POST, DELETE), `_whoami` (GET), a context's operator routes (GET projections, POST
    // switch, GET dead letters, POST redrive, GET processes): HEAD beside each GET, and ANY on each
    // of the thirteen resources.
    expect(secured.map((method) => method.HttpMethod).sort()).toEqual([
      ...Array(13).fill('ANY'),
      'DELETE',
      ...Array(9).fill('GET'),
      ...Array(9).fill('HEAD'),
      ...Array(4).fill('POST'),
    ]);
    // API Gateway's own 401/403/404 speak Cairn's error shape; its 401 carries the bearer challenge.
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseParameters: Match.objectLike({ 'gatewayresponse.header.WWW-Authenticate': `'Bearer realm="cairn"'` }),
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"code":"UNAUTHENTICATED"') },
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'ACCESS_DENIED',
      StatusCode: '403',
    });
  });

  it('authorizes the WebSocket $connect (token in Sec-WebSocket-Protocol) and no other route', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.header.Sec-WebSocket-Protocol'],
    });
    const routes = Object.values(resources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties);
    expect(routes.filter((route) => route.AuthorizationType === 'CUSTOM').map((route) => route.RouteKey)).toEqual([
      '$connect',
    ]);
  });

  it('creates the token secret unless one is given, and passes an OIDC issuer to the authorizer', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cairn-jwt-AbCdEf';
    const { template: given } = synth({
      jwtSecretArn: arn,
      oidc: { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc', audience: 'client-1' },
    });
    given.resourceCountIs('AWS::SecretsManager::Secret', 0);
    given.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          JWT_SECRET_ARN: arn,
          OIDC_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
          OIDC_AUDIENCE: 'client-1',
          NODE_OPTIONS: Match.anyValue(),
        },
      },
    });
  });

  it('gives the WebSocket function the token settings of the authorizer (for authenticate frames), and the pusher the contexts', () => {
    const oidc = { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc', audience: 'client-1' };
    const { template: configured } = synth({ oidc, tokenMaxLifetimeSeconds: 3600 });
    const functions = configured.findResources('AWS::Lambda::Function');
    const variablesOf = (prefix: string) =>
      Object.entries(functions).find(([id]) => id.startsWith(prefix))?.[1].Properties.Environment.Variables;
    const tokenSettings = ['JWT_SECRET_ARN', 'OIDC_ISSUER', 'OIDC_AUDIENCE', 'CAIRN_TOKEN_MAX_LIFETIME'];
    for (const name of tokenSettings) {
      expect(variablesOf('WebSocket')?.[name]).toEqual(variablesOf('Authorizer')?.[name]);
      expect(variablesOf('WebSocket')?.[name]).toBeDefined();
    }
    expect(variablesOf('WebSocket')?.CAIRN_CONTEXTS).toBe('default,shop');
    expect(variablesOf('ProjectionWorker')?.CAIRN_CONTEXTS).toBe('default,shop');
  });

  it('passes the token lifetime cap to the authorizer when one is set', () => {
    const { template: capped } = synth({ tokenMaxLifetimeSeconds: 3600 });
    capped.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ JWT_SECRET_ARN: Match.anyValue(), CAIRN_TOKEN_MAX_LIFETIME: '3600' }),
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('CAIRN_TOKEN_MAX_LIFETIME');
  });

  it('serves the console as a static site: a private bucket that CloudFront alone reads, configured with both APIs', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
    const policies = Object.values(resources('AWS::S3::BucketPolicy')).map((policy) => JSON.stringify(policy));
    expect(
      policies.some((policy) => policy.includes('cloudfront.amazonaws.com') && policy.includes('s3:GetObject')),
    ).toBe(true);
    // The page learns the stack's URLs from config.json, written at deploy time beside it.
    const deployment = Object.values(resources('Custom::CDKBucketDeployment'))[0]?.Properties;
    const markers = JSON.stringify(deployment?.SourceMarkers);
    for (const api of ['RestApi', 'RestApiDeploymentStage', 'WebSocketApi'])
      expect(markers).toContain(`{"Ref":"${api}`);
    expect(Object.keys(template.findOutputs('*'))).toContain('ConsoleUrl');
  });

  it('leaves the WebSocket API out only when asked to (for LocalStack)', () => {
    const { template: without } = synth({ websocket: false });
    without.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    expect(cairnFunctions(without)).toHaveLength(8);
    expect(Object.keys(without.findOutputs('*'))).not.toContain('WebSocketUrl');
  });

  it('is the same data plane without functions (for an emulator without Docker), with every name as an output', () => {
    const { template: dataPlane } = synth({ websocket: false, functions: false });
    dataPlane.resourceCountIs('AWS::Lambda::Function', 0);
    dataPlane.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::SQS::Queue',
      'AWS::Events::EventBus',
      'AWS::Scheduler::ScheduleGroup',
    ]) {
      expect(dataPlane.findResources(type)).toEqual(
        Object.fromEntries(Object.entries(resources(type)).filter(([id]) => !id.startsWith('StreamFailures'))),
      );
    }
    // The deadlines' schedule role is data plane too: schedules made by handlers run elsewhere use it.
    const schedulerRole = (roles: Record<string, unknown>) =>
      Object.entries(roles).filter(([id]) => id.startsWith('DeadlinesSchedulerRole'));
    expect(schedulerRole(dataPlane.findResources('AWS::IAM::Role'))).toEqual(
      schedulerRole(resources('AWS::IAM::Role')),
    );
    expect(schedulerRole(resources('AWS::IAM::Role'))).toHaveLength(1);
    expect(Object.keys(dataPlane.findOutputs('*')).sort()).toEqual([
      'CommandQueueUrl',
      'CommandsTableName',
      'ConnectionsTableName',
      'ContextsTableName',
      'EventBusName',
      'EventsTableName',
      'ProcessDeadLetterQueueUrl',
      'ProcessQueueArn',
      'ProcessQueueUrl',
      'ProcessesTableName',
      'ProjectionDeadLetterQueueUrl',
      'ProjectionQueueUrl',
      'ScheduleGroupName',
      'SchedulerRoleArn',
      'SnapshotsTableName',
      'ViewsTableName',
    ]);
  });
});

describe('CORS in the stack', () => {
  /** Each REST function's `CAIRN_CORS_ORIGINS`, by the function's logical-id prefix. */
  const corsVariables = (stack: Template) =>
    Object.fromEntries(
      Object.entries(stack.findResources('AWS::Lambda::Function')).map(([id, fn]) => [
        id.replace(/[0-9A-F]{8}$/, ''),
        fn.Properties.Environment.Variables.CAIRN_CORS_ORIGINS,
      ]),
    );
  const preflightHeaders = (stack: Template) => {
    const options = Object.values(stack.findResources('AWS::ApiGateway::Method')).filter(
      (method) => method.Properties.HttpMethod === 'OPTIONS',
    );
    expect(options.length).toBeGreaterThan(5); // one mock per resource
    return options.map((method) => method.Properties.Integration.IntegrationResponses[0]);
  };
  const gatewayOrigins = (stack: Template) =>
    Object.values(stack.findResources('AWS::ApiGateway::GatewayResponse')).map((response) => [
      response.Properties.ResponseType,
      response.Properties.ResponseParameters['gatewayresponse.header.Access-Control-Allow-Origin'],
    ]);
  const owned = ['UNAUTHORIZED', 'ACCESS_DENIED', 'MISSING_AUTHENTICATION_TOKEN', 'DEFAULT_4XX', 'DEFAULT_5XX'];

  it("hands the REST functions the origin list, and preflights with the handlers' methods, headers and max age", () => {
    expect(corsVariables(template)).toEqual({
      CommandHttp: 'https://demo.example',
      Query: 'https://demo.example',
      AdminApi: 'https://demo.example',
      CommandWorker: undefined,
      Publisher: undefined,
      ProjectionWorker: undefined,
      ProcessWorker: undefined,
      Authorizer: undefined,
      WebSocket: undefined,
    });
    for (const response of preflightHeaders(template)) {
      expect(response.StatusCode).toBe('204');
      expect(response.ResponseParameters).toEqual({
        'method.response.header.Access-Control-Allow-Origin': "'https://demo.example'",
        'method.response.header.Vary': "'Origin'",
        'method.response.header.Access-Control-Allow-Methods': `'${CORS_POLICY.allowMethods.join(',')}'`,
        'method.response.header.Access-Control-Allow-Headers': `'${CORS_POLICY.allowHeaders.join(',')}'`,
        'method.response.header.Access-Control-Max-Age': `'${CORS_POLICY.maxAgeSeconds}'`,
      });
    }
    expect(CORS_POLICY.allowHeaders).toEqual(
      expect.arrayContaining(['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'Prefer']),
    );
    // API Gateway's own answers (authorizer refusals, no route, throttling, failed functions) too.
    expect(gatewayOrigins(template).sort()).toEqual(owned.map((type) => [type, "'https://demo.example'"]).sort());
  });

  it("takes a comma-separated list: the preflight echoes a listed origin, the gateway responses the request's", () => {
    const { template: listed } = synth({ corsOrigin: 'https://app.example, http://LOCALHOST:5173/' });
    expect(corsVariables(listed).CommandHttp).toBe('https://app.example,http://localhost:5173');
    expect(corsVariables(listed).Query).toBe('https://app.example,http://localhost:5173');
    for (const response of preflightHeaders(listed)) {
      expect(response.ResponseTemplates['application/json']).toContain('$origin == "http://localhost:5173"');
      expect(response.ResponseParameters['method.response.header.Vary']).toBe("'Origin'");
    }
    // Gateway-response mappings copy a request header but cannot test it against a list.
    expect(gatewayOrigins(listed).sort()).toEqual(owned.map((type) => [type, 'method.request.header.Origin']).sort());
  });

  it('allows any origin with *, and refuses at synth an entry that is not an origin', () => {
    const { template: open } = synth({ corsOrigin: '*' });
    expect(corsVariables(open).CommandHttp).toBe('*');
    for (const response of preflightHeaders(open)) {
      expect(response.ResponseParameters['method.response.header.Access-Control-Allow-Origin']).toBe("'*'");
      expect(response.ResponseParameters['method.response.header.Vary']).toBeUndefined();
    }
    expect(gatewayOrigins(open).map(([, origin]) => origin)).toEqual(Array(owned.length).fill("'*'"));
    expect(() => synth({ corsOrigin: 'app.example.com' })).toThrow(/not an origin/);
    expect(() => synth({ corsOrigin: '*,https://app.example' })).toThrow(/'\*' or a list/);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('passes with zero unacknowledged findings, bundles included', () => {
    const app = new App();
    const stack = new CairnStack(app, 'Cairn-nag', props);
    applyNagSuppressions(stack);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  }, 120_000);

  it('passes for a stack bound to an account and region, as `cdk deploy` synthesizes it', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new CairnStack(app, 'Cairn-bound', {
      ...props,
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    applyNagSuppressions(stack);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synthesis when a finding is not acknowledged (the check has teeth)', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    new CairnStack(app, 'Cairn-nag-bare', props);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-(IAM4|APIG4|L1)/);
  });
});
