import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { defineCairnApp, parseRegions } from '../../infra/cairnApp';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2'];

/** The app as `cdk synth -c …` defines it; template tests skip bundling (an app-level switch). */
const defineApp = (context: Record<string, unknown>) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'test', ...context } });
  const stacks = defineCairnApp(app);
  return { app, stacks, templates: stacks.map((stack) => Template.fromStack(stack)) };
};

const { stacks, templates } = defineApp({ regions: REGIONS.join(',') });
const [primary, ...others] = templates;

/** `{ Ref: id }` of the one resource of a type whose logical id starts with the prefix. */
const refTo = (template: Template, type: string, prefix: string) => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

const streamMappings = (template: Template) =>
  Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))
    .map((mapping) => mapping.Properties)
    .filter((mapping) => mapping.StartingPosition);

describe('a deployment over three regions (-c regions=…)', () => {
  it('synthesises one stack per region, the primary first, the others deployed after it', () => {
    expect(stacks.map((stack) => [stack.stackName, stack.region])).toEqual(
      REGIONS.map((region) => [`Cairn-test-${region}`, region]),
    );
    for (const stack of stacks.slice(1)) expect(stack.dependencies).toEqual([stacks[0]]);
    expect(stacks[0]?.dependencies).toEqual([]);
  });

  it('makes the events table a global table with multi-region strong consistency, three replicas and a NEW_IMAGE stream, no TTL', () => {
    primary?.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    const [table] = Object.values(primary?.findResources('AWS::DynamoDB::GlobalTable') ?? {});
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.Properties).toMatchObject({
      TableName: 'cairn-test-events',
      MultiRegionConsistency: 'STRONG',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      // One stream setting for the global table: every replica has it.
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
    expect(table?.Properties.TimeToLiveSpecification).toBeUndefined();
    expect(table?.Properties.GlobalTableWitnesses).toBeUndefined();
    const replicas = table?.Properties.Replicas as { Region: string; PointInTimeRecoverySpecification: unknown }[];
    expect(replicas.map((replica) => replica.Region).sort()).toEqual(REGIONS);
    for (const replica of replicas) {
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
    for (const other of others) other.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
  });

  it('gives every region its own commands and connections tables (with TTL), views, snapshots, context catalog and process state', () => {
    for (const template of templates) {
      const tables = Object.entries(template.findResources('AWS::DynamoDB::Table'));
      expect(tables.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
        'TablesCommands',
        'TablesConnections',
        'TablesContexts',
        'TablesProcesses',
        'TablesSnapshots',
        'TablesViews',
      ]);
      const withTtl = tables.filter(([, table]) => table.Properties.TimeToLiveSpecification);
      expect(withTtl.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
        'TablesCommands',
        'TablesConnections',
      ]);
    }
  });

  it("feeds each region's publisher from the stream of the events replica in its own region", () => {
    const globalTable = refTo(primary as Template, 'AWS::DynamoDB::GlobalTable', 'TablesEvents');
    expect(streamMappings(primary as Template)).toEqual([
      expect.objectContaining({ EventSourceArn: { 'Fn::GetAtt': [globalTable, 'StreamArn'] } }),
    ]);
    others.forEach((template, i) => {
      const region = REGIONS[i + 1];
      const lookup = refTo(template, 'Custom::AWS', 'TablesEventsStreamLookup');
      expect(streamMappings(template)).toEqual([
        expect.objectContaining({ EventSourceArn: { 'Fn::GetAtt': [lookup, 'Table.LatestStreamArn'] } }),
      ]);
      // DescribeTable of the replica, in this region, allowed on that table alone.
      const { Properties } = template.findResources('Custom::AWS')[lookup] ?? {};
      for (const call of [Properties.Create, Properties.Update]) {
        expect(JSON.parse(call)).toMatchObject({
          service: 'DynamoDB',
          action: 'describeTable',
          parameters: { TableName: 'cairn-test-events' },
          region,
          outputPaths: ['Table.LatestStreamArn'],
        });
      }
      const lookupPolicy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) =>
        id.startsWith('TablesEventsStreamLookupCustomResourcePolicy'),
      )?.[1];
      expect(lookupPolicy?.Properties.PolicyDocument.Statement).toEqual([
        {
          Action: 'dynamodb:DescribeTable',
          Effect: 'Allow',
          Resource: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                `:dynamodb:${region}:`,
                { Ref: 'AWS::AccountId' },
                ':table/cairn-test-events',
              ],
            ],
          },
        },
      ]);
    });
  });

  it("grants each region's functions the events replica of their region only, by the one table name", () => {
    templates.forEach((template, i) => {
      const region = REGIONS[i] as string;
      const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) =>
        /^(CommandHttp|CommandWorker|Publisher|ProjectionWorker|ProcessWorker|WebSocket)ServiceRole/.test(id),
      );
      expect(policies).toHaveLength(6);
      const text = JSON.stringify(policies);
      for (const elsewhere of REGIONS.filter((other) => other !== region)) expect(text).not.toContain(elsewhere);
      expect(text).toContain(`:dynamodb:${region}:`);
      const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
      const eventsTable = functions.find(([id]) => id.startsWith('CommandHttp'))?.[1].Properties.Environment.Variables
        .EVENTS_TABLE;
      expect(eventsTable).toEqual(i === 0 ? { Ref: expect.stringMatching(/^TablesEvents/) } : 'cairn-test-events');
    });
  });

  it('passes cdk-nag in every region', () => {
    const fresh = new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'test', regions: REGIONS.join(',') } });
    defineCairnApp(fresh);
    expect(() => fresh.synth()).not.toThrow();
  });

  it('refuses at synth anything but three distinct region names', () => {
    expect(parseRegions(undefined)).toBeUndefined();
    expect(parseRegions(' us-east-1, us-east-2 ,us-west-2')).toEqual(REGIONS);
    for (const regions of [
      'us-east-1,us-east-2',
      'us-east-1,us-east-2,us-west-2,us-west-1',
      'us-east-1,us-east-1,us-west-2',
      '',
    ]) {
      expect(() => defineApp({ regions })).toThrow(/exactly three distinct AWS regions/);
    }
    expect(() => defineApp({ regions: 'us-east-1,us-east-2,Virginia' })).toThrow(/not a region name: Virginia/);
    // Three regions, but not of one MRSC region set: CDK's own check, at synth too.
    expect(() => defineApp({ regions: 'us-east-1,eu-west-1,us-west-2' })).toThrow(/same region set/);
    expect(() => defineApp({ regions: REGIONS.join(','), functions: 'false', websocket: 'false' })).toThrow(
      /-c regions deploys to AWS/,
    );
  });

  it('is one stack with a regional events table without the option, as before', () => {
    const {
      stacks: single,
      templates: [template],
    } = defineApp({});
    expect(single.map((stack) => stack.stackName)).toEqual(['Cairn-test']);
    template?.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    template?.resourceCountIs('AWS::DynamoDB::Table', 7);
    template?.resourceCountIs('Custom::AWS', 0);
  });
});
