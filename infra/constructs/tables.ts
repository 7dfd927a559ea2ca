import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  BillingMode,
  type ITable,
  MultiRegionConsistency,
  ProjectionType,
  StreamViewType,
  Table,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { TABLE_SCHEMAS, type TableSchema } from '#adapters/dynamodb/tableSchemas';

const ATTRIBUTE_TYPES = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

/** A table's keys, stream and TTL as CDK props, from its one description (shared/adapters/dynamodb/tableSchemas.ts). */
const schemaProps = (schema: TableSchema) => ({
  partitionKey: { name: schema.partitionKey.name, type: ATTRIBUTE_TYPES[schema.partitionKey.type] },
  ...(schema.sortKey ? { sortKey: { name: schema.sortKey.name, type: ATTRIBUTE_TYPES[schema.sortKey.type] } } : {}),
  ...(schema.stream ? { stream: StreamViewType[schema.stream] } : {}),
  ...(schema.timeToLiveAttribute ? { timeToLiveAttribute: schema.timeToLiveAttribute } : {}),
});

/**
 * A deployment over several regions: the events table is one DynamoDB global table with
 * multi-region strong consistency, created by the stack of the first region (the primary) with
 * a replica in each of the others, under a name every region's stack knows.
 */
export interface GlobalEvents {
  /** The events table's name, the same in every region. */
  tableName: string;
  /** The three regions, the primary first. */
  regions: readonly string[];
}

export interface CairnTablesProps {
  removalPolicy: RemovalPolicy;
  /** Without it the events table is a regional table, as in a one-region deployment. */
  globalEvents?: GlobalEvents;
}

/** Cairn's seven tables, as `shared/adapters/dynamodb/tableSchemas.ts` describes them. */
export class CairnTables extends Construct {
  /** The events table in this stack's region (with several regions, this region's replica), with its stream. */
  readonly events: ITable;
  /** With several regions, in the primary region's stack: the global table itself. */
  readonly globalEvents?: TableV2;
  readonly commands: Table;
  readonly views: Table;
  readonly connections: Table;
  readonly snapshots: Table;
  /** The context catalog: the `_admin` area writes it, whatever checks a context reads it. */
  readonly contexts: Table;
  /** Process managers' state: the process worker alone reads and writes it. */
  readonly processes: Table;

  constructor(scope: Construct, id: string, props: CairnTablesProps) {
    super(scope, id);
    const common = {
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.removalPolicy,
    };
    const table = (id: string, schema: TableSchema) => {
      const created = new Table(this, id, { ...common, ...schemaProps(schema) });
      for (const index of schema.indexes ?? []) {
        created.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: { name: index.partitionKey.name, type: ATTRIBUTE_TYPES[index.partitionKey.type] },
          sortKey: { name: index.sortKey.name, type: ATTRIBUTE_TYPES[index.sortKey.type] },
          ...(index.keysOnly && { projectionType: ProjectionType.KEYS_ONLY }),
        });
      }
      return created;
    };
    // One item per commit; the stream is the outbox the publisher reads.
    if (!props.globalEvents) {
      this.events = table('Events', TABLE_SCHEMAS.events);
    } else {
      const { tableName, regions } = props.globalEvents;
      const region = Stack.of(this).region;
      if (!regions.includes(region))
        throw new Error(`This stack's region ${region} is not one of ${regions.join(',')}`);
      if (region === regions[0]) {
        // A conditional write on an MRSC table is checked across the regions; every replica has
        // the same stream. No TTL and no transactions on such a table.
        const { stream, ...eventsKeys } = schemaProps(TABLE_SCHEMAS.events);
        this.globalEvents = new TableV2(this, 'Events', {
          ...eventsKeys,
          tableName,
          billing: Billing.onDemand(),
          pointInTimeRecoverySpecification: common.pointInTimeRecoverySpecification,
          removalPolicy: props.removalPolicy,
          dynamoStream: stream,
          multiRegionConsistency: MultiRegionConsistency.STRONG,
          replicas: regions.slice(1).map((replicaRegion) => ({ region: replicaRegion })),
        });
        // The replica in this region, by name: grants name this region's table only.
        this.events = TableV2.fromTableAttributes(this, 'EventsHere', {
          tableName: this.globalEvents.tableName,
          tableStreamArn: this.globalEvents.tableStreamArn,
        });
      } else {
        this.events = TableV2.fromTableAttributes(this, 'EventsHere', {
          tableName,
          tableStreamArn: replicaStreamArn(this, tableName),
        });
      }
    }
    this.commands = table('Commands', TABLE_SCHEMAS.commands);
    this.views = table('Views', TABLE_SCHEMAS.views);
    this.connections = table('Connections', TABLE_SCHEMAS.connections);
    this.snapshots = table('Snapshots', TABLE_SCHEMAS.snapshots);
    this.contexts = table('Contexts', TABLE_SCHEMAS.contexts);
    this.processes = table('Processes', TABLE_SCHEMAS.processes);
  }
}

/**
 * The stream ARN of the events replica in this stack's region. CloudFormation gives a global
 * table's stream ARN only in the region of the stack that defines it (and `TableV2.replica()`
 * only a `…/stream/*` pattern, fit for a policy but not for an event source mapping), so it is
 * asked of DynamoDB in this region at deploy time: DescribeTable's `LatestStreamArn`, allowed on
 * this one table. The primary region's stack, which creates the replica, deploys first.
 */
const replicaStreamArn = (scope: Construct, tableName: string): string => {
  const stack = Stack.of(scope);
  const tableArn = stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: tableName });
  const lookup = new AwsCustomResource(scope, 'EventsStreamLookup', {
    // onCreate defaults to onUpdate: a redeploy that changes the call reads the ARN again.
    onUpdate: {
      service: 'DynamoDB',
      action: 'describeTable',
      parameters: { TableName: tableName },
      region: stack.region,
      physicalResourceId: PhysicalResourceId.fromResponse('Table.LatestStreamArn'),
      outputPaths: ['Table.LatestStreamArn'],
    },
    policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [tableArn] }),
    installLatestAwsSdk: false,
  });
  return lookup.getResponseField('Table.LatestStreamArn');
};
