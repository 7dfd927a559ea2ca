/**
 * What the benchmarks run against: the local runtime (`npm start`'s program, in this process,
 * serving real HTTP) with either the embedded stores on disk or the DynamoDB adapters on DynamoDB
 * Local (events, commands and views; the stream feeds the publisher; the FIFO queues in-process). The DynamoDB client counts its requests by operation, for "requests per command".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#adapters/dynamodb/documentClient';
import { DynamoCommandLedger } from '#adapters/dynamodb/dynamoCommandLedger';
import { DynamoEventStore } from '#adapters/dynamodb/dynamoEventStore';
import { DynamoReadModelStore } from '#adapters/dynamodb/dynamoReadModelStore';
import { DynamoSnapshotStore } from '#adapters/dynamodb/dynamoSnapshotStore';
import { ensureTables } from '#adapters/dynamodb/tables';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import type { TokenVerifier } from '#application/access';
import {
  type CommandAdapters,
  embeddedAdapters,
  embeddedProjectionAdapters,
  type ProjectionAdapters,
} from '#runtime/embeddedAdapters';
import { startLocalRuntime } from '../local/runtime';

export interface Target {
  name: string;
  url: string;
  adapters: CommandAdapters;
  /** DynamoDB requests sent so far, by operation (empty for the embedded store). */
  requests: () => Record<string, number>;
  close: () => Promise<void>;
}

/** With `verify`, the runtime checks bearer tokens as `npm start` does; without it, auth is off. */
export const embeddedTarget = async (options: { verify?: TokenVerifier } = {}): Promise<Target> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
  const adapters = embeddedAdapters({ dataDir });
  const projectionAdapters = embeddedProjectionAdapters({ dataDir });
  const runtime = await startLocalRuntime({
    port: 0,
    adapters,
    projectionAdapters,
    dataDir,
    verify: options.verify,
    log: () => {},
  });
  return {
    name: `local runtime, embedded store${options.verify ? ', auth on' : ''}`,
    url: runtime.url,
    adapters,
    requests: () => ({}),
    close: async () => {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export const countingDynamoClient = (endpoint: string) => {
  const counts: Record<string, number> = {};
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  client.middlewareStack.add(
    (next, context) => (args) => {
      counts[context.commandName ?? 'unknown'] = (counts[context.commandName ?? 'unknown'] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return { client, counts };
};

export const dynamoTarget = async (endpoint: string): Promise<Target> => {
  const { client, counts } = countingDynamoClient(endpoint);
  const stamp = Date.now();
  const tables = {
    events: `bench-events-${stamp}`,
    commands: `bench-commands-${stamp}`,
    snapshots: `bench-snapshots-${stamp}`,
    views: `bench-views-${stamp}`,
    leases: `bench-leases-${stamp}`,
  };
  // The stream poller's clients take their endpoint and credentials from the environment.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoint,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'bench',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'bench',
  });
  await ensureTables(client, tables);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const eventStore = new DynamoEventStore(documents, tables);
  const adapters: CommandAdapters = {
    eventStore,
    catalog: eventStore,
    ledger: new DynamoCommandLedger(documents, tables.commands),
    snapshots: new DynamoSnapshotStore(documents, tables.snapshots),
    // Sync commands never touch the queue; async throughput is measured on the embedded target.
    commandQueue: new EmbeddedFifoQueue({ name: 'bench-commands' }),
  };
  // Views in DynamoDB Local, fed from its stream; the projection FIFO queue is the in-process one.
  const projectionAdapters: ProjectionAdapters = {
    ...embeddedProjectionAdapters(),
    // Its own client, so that "requests per command" counts the command side only.
    views: new DynamoReadModelStore(createDocumentClient({ endpoint, region: 'us-east-1' }), tables.views),
  };
  for (const key of Object.keys(counts)) delete counts[key];
  const runtime = await startLocalRuntime({
    port: 0,
    adapters,
    projectionAdapters,
    streamTable: tables.events,
    leaseTable: tables.leases,
    log: () => {},
  });
  return {
    name: 'local runtime, DynamoDB Local',
    url: runtime.url,
    adapters,
    requests: () => ({ ...counts }),
    close: async () => {
      await runtime.close();
      client.destroy();
    },
  };
};
