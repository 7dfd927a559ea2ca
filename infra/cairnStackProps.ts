import type { StackProps } from 'aws-cdk-lib';
import type { GlobalEvents } from './constructs/tables';

/** The sample domain's own default for `archiveAfter` (shared/domain/todoList/archiveProcess.ts), which infra does not load. */
export const DEFAULT_ARCHIVE_AFTER = 'P7D';

/** What a deployment chooses (`cdk deploy -c …`; see cairnApp.ts): one stack per stage (and region). */
export interface CairnStackProps extends StackProps {
  stage: string;
  logRetentionDays: number;
  /** Keep the tables (and logs) when the stack is destroyed. */
  retainData: boolean;
  /** Off only for LocalStack's open-source edition, which has no WebSocket API. */
  websocket: boolean;
  /** The console as a static site (S3 + CloudFront): `-c consoleSite=false` leaves it out (LocalStack's open-source edition has no CloudFront). */
  consoleSite?: boolean;
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
  /**
   * The sample processes' setting (`-c archiveAfter=…`, `CAIRN_ARCHIVE_AFTER` of the process
   * worker): how long after its last todo is done a list is archived, an ISO 8601 duration of
   * weeks to seconds; `DEFAULT_ARCHIVE_AFTER` without it. Refused at synth if it is no such duration.
   */
  archiveAfter?: string;
  /** The longest token lifetime accepted, in seconds (`CAIRN_TOKEN_MAX_LIFETIME`); 24 h without it. */
  tokenMaxLifetimeSeconds?: number;
  /**
   * A deployment over three regions (`-c regions=…`), one stack per region: the events table is a
   * global table with multi-region strong consistency, the other tables are this region's own.
   */
  globalEvents?: GlobalEvents;
}
