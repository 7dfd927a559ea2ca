/**
 * Stream pollers on DynamoDB Local for the lease tests: a fresh events table (with its stream) and
 * leases table, commits appended through the DynamoDB event store, and a log of every record each
 * poller's handler was handed, by commit, so that a test can count deliveries per commit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { DynamoEventStore } from '#adapters/dynamodb/dynamoEventStore';
import { ensureTables } from '#adapters/dynamodb/tables';
import { DynamoStreamPoller, type StreamHandler, type StreamPollerOptions } from '../../local/dynamoStreamPoller';
import { StreamLeases } from '../../local/streamLeases';
import { documentClientFor, dynamoClient } from './aws';
import { EMULATOR_AWS_ENV } from './emulators';

export interface Delivery {
  poller: string;
  /** The commit: `pk:sk` of its item. */
  commit: string;
  sequence: string;
}

export const commitOfRecord = (record: DynamoDBRecord): string =>
  `${record.dynamodb?.NewImage?.pk?.S}:${record.dynamodb?.NewImage?.sk?.N}`;

/** Lease timings short enough for a test: a lease outlives its owner by 2 s. */
export const TEST_LEASE = { leaseDurationMs: 2000, renewEveryMs: 500, takeEveryMs: 300, idleMs: 50 } as const;

export const streamRig = async () => {
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? '';
  // The pollers build their clients from the environment, as the runtime's are.
  Object.assign(process.env, EMULATOR_AWS_ENV, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoint,
  });
  const client = dynamoClient();
  const suffix = randomUUID().slice(0, 8);
  const tables = { events: `lease-events-${suffix}`, commands: `lease-commands-${suffix}`, leases: `leases-${suffix}` };
  await ensureTables(client, tables);
  const documents = documentClientFor(client);
  const store = new DynamoEventStore(documents, tables);
  const leases = new StreamLeases(documents, tables.leases);
  const deliveries: Delivery[] = [];
  const errors: unknown[] = [];
  const written: string[] = [];
  const pollers: { stop: () => Promise<void> }[] = [];

  /** Appends `count` one-event commits, each the first of its own stream; returns their commit keys. */
  const commit = async (count: number): Promise<string[]> => {
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const streamKey = `default#counter#c${written.length}`;
      const events = [{ type: 'Counted', data: { n: written.length } }];
      await store.append({
        streamKey,
        expectedVersion: 0,
        events,
        commandId: randomUUID(),
        fingerprint: 'fp',
        committedAt: new Date().toISOString(),
      });
      written.push(`${streamKey}:0`);
      keys.push(`${streamKey}:0`);
    }
    return keys;
  };

  /** A handler that logs what it is handed and accepts it, or refuses from the first record `refuse` picks. */
  const recorder =
    (poller: string, refuse?: (commit: string) => boolean): StreamHandler =>
    async (event) => {
      const failedAt = event.Records.findIndex((record) => refuse?.(commitOfRecord(record)));
      const accepted = failedAt === -1 ? event.Records : event.Records.slice(0, failedAt);
      for (const record of accepted) {
        deliveries.push({ poller, commit: commitOfRecord(record), sequence: record.dynamodb?.SequenceNumber ?? '' });
      }
      const failed = failedAt === -1 ? [] : event.Records.slice(failedAt);
      return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })) };
    };

  const startPoller = (name: string, handler?: StreamHandler, options: Partial<StreamPollerOptions> = {}) => {
    const poller = new DynamoStreamPoller(tables.events, handler ?? recorder(name), {
      leaseTable: tables.leases,
      owner: `${name}/${randomUUID().slice(0, 8)}`,
      onError: (error) => errors.push(error),
      ...TEST_LEASE,
      ...options,
    });
    poller.start();
    pollers.push(poller);
    return poller;
  };

  /** A poller in a process of its own (test/support/streamPollerProcess.ts), for a crash: SIGKILL. */
  const startPollerProcess = (name: string): ChildProcess => {
    // Node itself with tsx's loader (not the tsx command, whose own child would outlive a SIGKILL).
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/streamPollerProcess.ts'], {
      env: { ...process.env, POLLER_NAME: name, EVENTS_TABLE: tables.events, LEASES_TABLE: tables.leases },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) deliveries.push(JSON.parse(line) as Delivery);
    });
    pollers.push({
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGKILL');
        await exited;
      },
    });
    return child;
  };

  /** How many times each commit written was handed over, in the order written. */
  const counts = () => written.map((key) => deliveries.filter((delivery) => delivery.commit === key).length);

  /** The events table's stream. */
  const streamArn = async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tables.events }));
    return Table?.LatestStreamArn ?? '';
  };

  return {
    tables,
    documents,
    leases,
    deliveries,
    errors,
    written,
    commit,
    recorder,
    startPoller,
    startPollerProcess,
    counts,
    streamArn,
    close: async () => {
      await Promise.all(pollers.map((poller) => poller.stop()));
      client.destroy();
    },
  };
};
