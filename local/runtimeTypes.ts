/** What `startLocalRuntime` takes and what it returns. */
import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { TokenVerifier } from '#application/access';
import type { ProjectionGenerations } from '#application/projectionGenerations';
import type { ProjectionService } from '#application/projectionService';
import type { Domain } from '#core/domain';
import type { CorsOrigins } from '#http/cors';
import type { ConnectionRegistry } from '#ports/connectionRegistry';
import type { RuntimeRoster } from '#ports/runtimeRoster';
import type { CommandAdapters, ProjectionAdapters } from '#runtime/embeddedAdapters';
import type { EventFlow } from './eventFlow';
import type { SocketLimits } from './sockets/socketLimits';
import type { WebSocketGateway } from './websocketGateway';

export interface LocalRuntimeOptions {
  port: number;
  /** The application's aggregates and projections; the sample domain without it. */
  domain?: Domain;
  host?: string;
  /** Embedded stores keep their data here; without it, in memory. */
  dataDir?: string;
  /** 'embedded' (default) or 'aws': DynamoDB/SQS/EventBridge through the usual AWS_* variables and endpoints. */
  store?: 'embedded' | 'aws';
  /** Adapters built by the caller (benchmarks, tests); they win over `store` and `dataDir`. */
  adapters?: CommandAdapters;
  /** Projection adapters built by the caller; without them, `adapters` alone runs the command side only. */
  projectionAdapters?: ProjectionAdapters;
  /** With caller-built DynamoDB adapters: the events table whose stream feeds the publisher. */
  streamTable?: string;
  /** With `streamTable`: the leases table its stream is read under (TABLE_SCHEMAS.leases). */
  leaseTable?: string;
  /** How long a stream lease outlives its owner's last renewal (CAIRN_STREAM_LEASE); 10 s by default. */
  streamLeaseMs?: number;
  /** How long this runtime's lease in the roster outlives its last renewal (CAIRN_RUNTIME_LEASE); 10 s by default. */
  runtimeLeaseMs?: number;
  /** Where connections and subscriptions live; in memory by default (the sockets live here too). */
  registry?: ConnectionRegistry;
  /**
   * The contexts to start with (more are created and retired in the `_admin` area, kept under
   * `dataDir`); without it every well-formed context exists.
   */
  contexts?: ReadonlySet<string>;
  /** Verifies bearer tokens on REST and at WebSocket connect; without it auth is off. */
  verify?: TokenVerifier;
  /**
   * A token for the demo page to use (the dev token), embedded in the page this runtime serves
   * when it listens on loopback only, or with `embedDemoToken` (CAIRN_EMBED_DEV_TOKEN=1).
   */
  demoToken?: string;
  /** Embed `demoToken` even when listening beyond loopback: anyone who loads the page gets it. */
  embedDemoToken?: boolean;
  /** Per-connection bounds of the WebSocket gateway (frame rate, queues); the defaults otherwise. */
  socketLimits?: Partial<SocketLimits>;
  /** The origins whose pages may call the REST API (CAIRN_CORS_ORIGINS); `*` without it. */
  corsOrigins?: CorsOrigins;
  fsync?: boolean;
  /**
   * The management API, through which runtimes push to each other's sockets: `secret` (shared by
   * the runtimes of one deployment; a random key without it: no one else reaches this one), where
   * it listens (loopback, any port, by default) and the URL the others reach it at.
   */
  management?: { secret?: Uint8Array; host?: string; port?: number; advertisedUrl?: string };
  /**
   * How long a message this runtime received stays hidden from the others without its heartbeat
   * (every third of it): what a runtime that dies holds up. The queue's own timeout without it.
   */
  queueVisibilityMs?: number;
  /** Which runtimes sharing `registry` are alive (the AWS adapters: the connections table); none: no pruning. */
  roster?: RuntimeRoster;
  log?: (error: unknown) => void;
}

export interface LocalRuntime {
  url: string;
  wsUrl: string;
  /** The loopback-only management API (`/@connections/{id}`) the pusher calls. */
  managementEndpoint: string;
  /** A management-API client for that endpoint, holding this process's key (as the pusher's fallback does). */
  managementClient: () => ApiGatewayManagementApiClient;
  sockets: WebSocketGateway | undefined;
  port: number;
  adapters: CommandAdapters;
  projectionAdapters: ProjectionAdapters | undefined;
  pipeline: ProjectionPipeline | undefined;
  close: () => Promise<void>;
}

/** The event flow's parts that tools and tests reach into (rebuilds, waiting for the publisher). */
export interface ProjectionPipeline extends EventFlow {
  service: ProjectionService;
  generations: ProjectionGenerations;
}
