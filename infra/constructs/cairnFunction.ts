import { fileURLToPath } from 'node:url';
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import type { WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV, type EnvName } from '#runtime/environment';
import { BUILTIN_ALIASES, LAMBDA_BUNDLE } from './lambdaBundle';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface CairnFunctionProps {
  /** The entry file, relative to the repository root (e.g. `functions/command/commandApi.lambda.ts`). */
  entry: string;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  timeout?: Duration;
  memorySize?: number;
}

/**
 * Cairn's Lambda defaults in one place: Node.js 24 (the newest Lambda runtime) on ARM64, bundled by
 * the local esbuild as `lambdaBundle.ts` says (minified ESM with source maps; the AWS SDK bundled
 * and tree-shaken instead of loaded from the runtime's copy: less to load at cold start, and the
 * SDK version the tests ran), active tracing, JSON logs in a log group with the stack's retention.
 *
 * A function is told where a resource is and allowed to use it in one call (`uses`, `sendsTo`,
 * `publishesTo`, `pushesTo`, `readsSecret`, `schedulesDeadlines`): the variable, named by `ENV` as the adapters read
 * it, and the grant, no wider than the access asked for, so that neither is forgotten for the
 * other. `sets` is for settings that name no resource (and for a name an adapter wants but the
 * function never uses, said why where it is called).
 */
export class CairnFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CairnFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    super(scope, id, {
      entry: `${root}${props.entry}`,
      projectRoot: root,
      depsLockFilePath: `${root}package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(20),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        minify: true,
        sourceMap: true,
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLE.target,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        banner: LAMBDA_BUNDLE.banner,
        // Nothing external: NodejsFunction would otherwise leave `@aws-sdk/*` to the runtime.
        externalModules: [],
        esbuildArgs: { '--alias': Object.entries(BUILTIN_ALIASES).map(([builtin, shim]) => `${builtin}=${shim}`) },
        forceDockerBundling: false,
      },
    });
  }

  /** A setting that names no resource (contexts, CORS origins, the OIDC issuer): the variable alone. */
  sets(name: EnvName, value: string): this {
    this.addEnvironment(name, value);
    return this;
  }

  /** The table's name in `name`, and the data access asked for: `read`, `write` (no reads) or `readWrite`. */
  uses(table: ITable, name: EnvName, access: TableAccess): this {
    this.addEnvironment(name, table.tableName);
    if (access === 'read') table.grantReadData(this);
    else if (access === 'write') table.grantWriteData(this);
    else table.grantReadWriteData(this);
    return this;
  }

  /** The queue's URL in `name`, and SendMessage on it (no receiving). */
  sendsTo(queue: IQueue, name: EnvName): this {
    this.addEnvironment(name, queue.queueUrl);
    queue.grantSendMessages(this);
    return this;
  }

  /**
   * A dead-letter queue read and emptied (receive, change visibility, delete) and the queue its
   * letters go back to (send): both URLs in their variables.
   */
  redrives(deadLetters: IQueue, deadLettersName: EnvName, target: IQueue, targetName: EnvName): this {
    this.addEnvironment(deadLettersName, deadLetters.queueUrl);
    deadLetters.grantConsumeMessages(this);
    return this.sendsTo(target, targetName);
  }

  /** The bus's name in `name`, and PutEvents on it. */
  publishesTo(bus: IEventBus, name: EnvName): this {
    this.addEnvironment(name, bus.eventBusName);
    bus.grantPutEventsTo(this);
    return this;
  }

  /** The stage's management endpoint (`https://…/<stage>`) in `name`, and ManageConnections on its connections. */
  pushesTo(stage: WebSocketStage, name: EnvName): this {
    this.addEnvironment(name, stage.callbackUrl);
    stage.grantManagementApiAccess(this);
    return this;
  }

  /**
   * Deadlines as one-time schedules that send to `queue` (its ARN: the target): the group's name,
   * the queue's ARN and the scheduler role's ARN, and creating, updating and deleting schedules in
   * that group only, with iam:PassRole on that role only and only to EventBridge Scheduler.
   */
  schedulesDeadlines(group: IScheduleGroup, role: IRole, queue: IQueue): this {
    this.addEnvironment(ENV.scheduleGroup, group.scheduleGroupName);
    this.addEnvironment(ENV.schedulerRoleArn, role.roleArn);
    this.addEnvironment(ENV.processQueueArn, queue.queueArn);
    group.grantWriteSchedules(this);
    group.grantDeleteSchedules(this);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    return this;
  }

  /** The secret's ARN in `name`, and reading its value. */
  readsSecret(secret: ISecret, name: EnvName): this {
    this.addEnvironment(name, secret.secretArn);
    secret.grantRead(this);
    return this;
  }
}

/** What a function does with a table's items. */
export type TableAccess = 'read' | 'write' | 'readWrite';

export type { Construct };
