/**
 * Cairn's tables, described once: the CDK stack (infra/constructs/tables.ts) turns each into a
 * table's props, and `tableDefinitions` (tables.ts) into the CreateTable input that tests and the
 * local runtime use against DynamoDB Local, so the two cannot drift. Plain data, no imports: infra
 * reads it at synth time. Every table is on demand; only the views table has secondary indexes
 * (subscriptions are found by a strongly consistent query on the connections table).
 */

/** A key attribute: a string (S) or a number (N). */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface TableSchema {
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** The table has a stream with this view of each item. */
  stream?: 'NEW_IMAGE';
  /** DynamoDB deletes an item some time after the epoch second in this attribute. */
  timeToLiveAttribute?: string;
  /** Global secondary indexes, each projecting every attribute unless `keysOnly`. */
  indexes?: readonly { name: string; partitionKey: KeyAttribute; sortKey: KeyAttribute; keysOnly?: boolean }[];
}

const pk = { name: 'pk', type: 'S' } as const;
const stringSk = { name: 'sk', type: 'S' } as const;

export const TABLE_SCHEMAS = {
  /**
   * pk = stream key (S), sk = the commit's base version (N); one item per commit. The commit
   * carries its command's id and fingerprint; the stream (commits only) is the outbox the
   * publisher reads.
   */
  events: { partitionKey: pk, sortKey: { name: 'sk', type: 'N' }, stream: 'NEW_IMAGE' },
  /** pk = `context#commandId` (S): the command's record (idempotency + status), expiring. */
  commands: { partitionKey: pk, timeToLiveAttribute: 'expiresAt' },
  /**
   * pk = stream key (S): the newest snapshot of an aggregate and its recent commands; out of the
   * events table so that writing one is no stream record.
   */
  snapshots: { partitionKey: pk },
  /**
   * pk = `context#projection` (S), sk = view key (S): one item per view. Sparse generic indexes
   * for collections of projections that declare an index (no index per projection): `sorted`
   * (ixa = pk) and `filter0..2` (ixf<n> = `pk#value` of the n-th filter field), all ordered by ixs
   * (the sort field's value, then the key). `changed` holds every view's keys by `updatedAt`
   * (keys only: a write costs it one unit whatever the view's size) for resuming live collections.
   */
  views: {
    partitionKey: pk,
    sortKey: stringSk,
    indexes: [
      { name: 'sorted', partitionKey: { name: 'ixa', type: 'S' }, sortKey: { name: 'ixs', type: 'S' } },
      { name: 'filter0', partitionKey: { name: 'ixf0', type: 'S' }, sortKey: { name: 'ixs', type: 'S' } },
      { name: 'filter1', partitionKey: { name: 'ixf1', type: 'S' }, sortKey: { name: 'ixs', type: 'S' } },
      { name: 'filter2', partitionKey: { name: 'ixf2', type: 'S' }, sortKey: { name: 'ixs', type: 'S' } },
      { name: 'changed', partitionKey: pk, sortKey: { name: 'updatedAt', type: 'S' }, keysOnly: true },
    ],
  },
  /**
   * pk = `conn#<id>` or `view#…` (S), sk (S): a connection, and each subscription twice (in the
   * connection's and in the view's partition), expiring with the connection.
   */
  connections: { partitionKey: pk, sortKey: stringSk, timeToLiveAttribute: 'expiresAt' },
  /** pk = context name (S): one item per context of the catalog, its state, when created and retired. */
  contexts: { partitionKey: pk },
  /**
   * pk = `context#process` (S), sk = process key (S): one item per process instance, its state,
   * pending deadlines and the positions folded, written as views are (DynamoReadModelStore), without
   * their indexes: a process is only ever read by its key.
   */
  processes: { partitionKey: pk, sortKey: stringSk },
  /**
   * pk = stream ARN (S), sk = shard id (S): one lease per shard of the events table's stream, for
   * the local runtime run as a cluster (`CAIRN_STORE=aws`, local/streamLeases.ts): its owner, lease
   * counter and checkpoint. Not in the CDK stack: there Lambda's event source mapping keeps its own.
   */
  leases: { partitionKey: pk, sortKey: stringSk },
} as const satisfies Record<string, TableSchema>;

export type TableName = keyof typeof TABLE_SCHEMAS;
