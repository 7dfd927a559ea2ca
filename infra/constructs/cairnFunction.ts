import { fileURLToPath } from 'node:url';
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BUILTIN_ALIASES, LAMBDA_BUNDLE } from './lambdaBundle';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface CairnFunctionProps {
  /** The entry file, relative to the repository root (e.g. `functions/command/http.ts`). */
  entry: string;
  environment?: Record<string, string>;
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
 * Grants are made where the function is created, beside the table or queue name that goes into its
 * environment.
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
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
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
}

export type { Construct };
