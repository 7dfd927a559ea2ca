/**
 * One stream poller in a process of its own, for the lease tests' crash (SIGKILL: no release, no
 * last checkpoint): prints each record its handler is handed as a JSON line (a Delivery), and
 * stops gracefully on SIGTERM. Tables and endpoint from the environment the test passes.
 */
import { randomUUID } from 'node:crypto';
import { DynamoStreamPoller } from '../../local/dynamoStreamPoller';
import { commitOfRecord, TEST_LEASE } from './streamPollers';

const poller = process.env.POLLER_NAME ?? 'child';
const streams = new DynamoStreamPoller(
  process.env.EVENTS_TABLE ?? '',
  async (event) => {
    for (const record of event.Records) {
      const sequence = record.dynamodb?.SequenceNumber ?? '';
      process.stdout.write(`${JSON.stringify({ poller, commit: commitOfRecord(record), sequence })}\n`);
    }
    return { batchItemFailures: [] };
  },
  {
    leaseTable: process.env.LEASES_TABLE ?? '',
    owner: `${poller}/${randomUUID().slice(0, 8)}`,
    onError: (error) => console.error(error),
    ...TEST_LEASE,
  },
);
streams.start();
process.on('SIGTERM', () => {
  void streams.stop().then(() => process.exit(0));
});
