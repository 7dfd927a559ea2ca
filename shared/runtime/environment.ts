/**
 * Every environment variable a deployed function reads, by name: the stack sets them (beside the
 * grant on the resource they name) and the adapters read them. One list, so the two cannot drift.
 */
export const ENV = {
  /** The event store (commits, one item per commit; its stream feeds the publisher). */
  eventsTable: 'EVENTS_TABLE',
  /**
   * The events stream's leases and checkpoints, read by the local runtime alone (`CAIRN_STORE=aws`,
   * several runtimes sharing one stream): no deployed function reads it, the stack sets no such variable.
   */
  leasesTable: 'LEASES_TABLE',
  /** Command records: idempotency and status. */
  commandsTable: 'COMMANDS_TABLE',
  snapshotsTable: 'SNAPSHOTS_TABLE',
  viewsTable: 'VIEWS_TABLE',
  /** WebSocket connections and subscriptions. */
  connectionsTable: 'CONNECTIONS_TABLE',
  /** The context catalog: which contexts exist (created and retired in the `_admin` area). */
  contextsTable: 'CONTEXTS_TABLE',
  commandQueueUrl: 'COMMAND_QUEUE_URL',
  projectionQueueUrl: 'PROJECTION_QUEUE_URL',
  /** Where the projection worker puts poison events, with their error. */
  projectionDlqUrl: 'PROJECTION_DLQ_URL',
  eventBusName: 'EVENT_BUS_NAME',
  /** The process managers' FIFO queue: events from the publisher, fired deadlines from their schedules. */
  processQueueUrl: 'PROCESS_QUEUE_URL',
  /** The same queue's ARN: the target of the deadlines' schedules. */
  processQueueArn: 'PROCESS_QUEUE_ARN',
  /** Where the process worker puts messages that keep failing, with their error. */
  processDlqUrl: 'PROCESS_DLQ_URL',
  /** Process managers' state (same keys as the views table). */
  processesTable: 'PROCESSES_TABLE',
  /** The EventBridge Scheduler schedule group that holds the deadlines' one-time schedules. */
  scheduleGroup: 'SCHEDULE_GROUP_NAME',
  /** The role EventBridge Scheduler assumes to send a due deadline to the process queue. */
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  /** The sample domain's setting: how long after its last todo is done a list is archived (ISO 8601). */
  archiveAfter: 'CAIRN_ARCHIVE_AFTER',
  /** The WebSocket API's management endpoint: `https://<api-id>.execute-api.<region>.amazonaws.com/<stage>`. */
  websocketEndpoint: 'WEBSOCKET_ENDPOINT',
  /** `shop,billing`, or `*`: the contexts that exist. */
  contexts: 'CAIRN_CONTEXTS',
  /** The origins whose pages may call the REST API, or `*`. */
  corsOrigins: 'CAIRN_CORS_ORIGINS',
  /** The HS256 token secret in Secrets Manager. */
  jwtSecretArn: 'JWT_SECRET_ARN',
  oidcIssuer: 'OIDC_ISSUER',
  oidcAudience: 'OIDC_AUDIENCE',
  /** The longest token lifetime accepted, in seconds. */
  tokenMaxLifetime: 'CAIRN_TOKEN_MAX_LIFETIME',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
