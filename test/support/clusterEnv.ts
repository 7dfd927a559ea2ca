/**
 * The settings a cluster of `CAIRN_STORE=aws npm start` runtimes shares (the cluster test's and
 * the failover bench's): the emulators' endpoints, one secret, one set of tables named
 * `<prefix>-<table>-<suffix>`, and the given queues.
 */
export const clusterEnv = (
  prefix: string,
  suffix: string,
  queues: { commands: string; projections: string; dlq: string },
): Record<string, string> => ({
  CAIRN_STORE: 'aws',
  CAIRN_AUTH: 'off',
  CAIRN_CLUSTER_SECRET: `${prefix}-secret-${suffix}`,
  CAIRN_CONTEXTS: 'default',
  AWS_ENDPOINT_URL_DYNAMODB: process.env.DYNAMODB_ENDPOINT ?? '',
  AWS_ENDPOINT_URL_SQS: process.env.LOCALSTACK_ENDPOINT ?? '',
  AWS_ENDPOINT_URL_EVENTBRIDGE: process.env.LOCALSTACK_ENDPOINT ?? '',
  EVENT_BUS_NAME: `${prefix}-bus-${suffix}`,
  ...Object.fromEntries(
    ['events', 'commands', 'snapshots', 'views', 'connections', 'contexts', 'processes', 'leases'].map((table) => [
      `${table.toUpperCase()}_TABLE`,
      `${prefix}-${table}-${suffix}`,
    ]),
  ),
  COMMAND_QUEUE_URL: queues.commands,
  PROJECTION_QUEUE_URL: queues.projections,
  PROJECTION_DLQ_URL: queues.dlq,
});
