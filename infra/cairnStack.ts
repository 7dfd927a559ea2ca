import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { WebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { QUEUE_MAX_RECEIVES } from '../shared/application/limits';
import { cairnCompute, WORKER_TIMEOUT } from './cairnCompute';
import { FifoQueueWithDlq } from './constructs/fifoQueueWithDlq';
import { CairnTables, type GlobalEvents } from './constructs/tables';

export interface CairnStackProps extends StackProps {
  stage: string;
  logRetentionDays: number;
  /** Keep the tables (and logs) when the stack is destroyed. */
  retainData: boolean;
  /** Off only for LocalStack's open-source edition, which has no WebSocket API. */
  websocket: boolean;
  /**
   * Off only for an emulator that cannot create Lambda functions (LocalStack without Docker): the
   * stack is then the data plane alone (tables, queues, bus, dead-letter alarms), and handlers run
   * elsewhere against its outputs. Never off for AWS.
   */
  functions: boolean;
  /** `*`, or the comma-separated origins whose pages may call the REST API (`-c corsOrigin=…`). */
  corsOrigin: string;
  /** Comma-separated contexts that exist (`CAIRN_CONTEXTS`), or `*`: the catalog's seed. */
  contexts: string;
  /** The HS256 token secret's complete ARN; without it the stack creates one (output JwtSecretArn). */
  jwtSecretArn?: string;
  /** An OIDC issuer (Cognito or other) whose tokens are accepted too, with the audience they must carry. */
  oidc?: { issuer: string; audience: string };
  /** The longest token lifetime accepted, in seconds (`CAIRN_TOKEN_MAX_LIFETIME`); 24 h without it. */
  tokenMaxLifetimeSeconds?: number;
  /**
   * A deployment over three regions (`-c regions=…`), one stack per region: the events table is a
   * global table with multi-region strong consistency, the other tables are this region's own.
   */
  globalEvents?: GlobalEvents;
}

/**
 * One Cairn deployment (or one region of a deployment over three): the event store and its
 * stream, the snapshots, the FIFO command and projection queues, the integration bus, read models,
 * the context catalog, and (cairnCompute.ts) the REST and WebSocket APIs and the functions
 * between them, each granted exactly what it uses.
 */
export class CairnStack extends Stack {
  /** Constructs whose grant-generated wildcards the cdk-nag acknowledgements name. */
  readonly nagSubjects: { webSocketApi?: WebSocketApi; stageName: string };

  constructor(scope: Construct, id: string, props: CairnStackProps) {
    super(scope, id, props);
    // Tables and log groups outlive the stack unless the deployment says otherwise.
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const tables = new CairnTables(this, 'Tables', { removalPolicy, globalEvents: props.globalEvents });
    this.nagSubjects = { stageName: props.stage };
    const queue = (queueId: string) =>
      new FifoQueueWithDlq(this, queueId, {
        maxReceiveCount: QUEUE_MAX_RECEIVES,
        visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      });
    const commandQueue = queue('CommandQueue');
    const projectionQueue = queue('ProjectionQueue');
    const bus = new EventBus(this, 'Bus', { eventBusName: `cairn-${props.stage}` });
    // Every name, so that handlers run elsewhere (the local runtime, cli/deployLocalStack.ts) find them.
    const outputs = {
      EventBusName: bus.eventBusName,
      EventsTableName: tables.events.tableName,
      CommandsTableName: tables.commands.tableName,
      ViewsTableName: tables.views.tableName,
      ConnectionsTableName: tables.connections.tableName,
      SnapshotsTableName: tables.snapshots.tableName,
      ContextsTableName: tables.contexts.tableName,
      CommandQueueUrl: commandQueue.queue.queueUrl,
      ProjectionQueueUrl: projectionQueue.queue.queueUrl,
      ProjectionDeadLetterQueueUrl: projectionQueue.deadLetterQueue.queueUrl,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
    if (props.functions) {
      const data = { tables, commandQueue, projectionQueue, bus, removalPolicy };
      this.nagSubjects.webSocketApi = cairnCompute(this, props, data);
    }
  }
}
