/**
 * What the benchmarks run against: the local runtime (`npm start`'s program, in this process,
 * serving real HTTP) with either the embedded stores on disk or the DynamoDB adapters on DynamoDB
 * Local. The DynamoDB client counts its requests by operation, for "requests per command".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startLocalRuntime } from '../local/runtime';
import { DynamoCommandLedger } from '../shared/adapters/dynamodb/dynamoCommandLedger';
import { DynamoEventStore } from '../shared/adapters/dynamodb/dynamoEventStore';
import { DynamoSnapshotStore } from '../shared/adapters/dynamodb/dynamoSnapshotStore';
import { ensureTables } from '../shared/adapters/dynamodb/tables';
import { EmbeddedFifoQueue } from '../shared/adapters/embedded/embeddedFifoQueue';
import { type CommandAdapters, embeddedAdapters } from '../shared/runtime/adapters';

export interface Target {
  name: string;
  url: string;
  adapters: CommandAdapters;
  /** DynamoDB requests sent so far, by operation (empty for the embedded store). */
  requests: () => Record<string, number>;
  close: () => Promise<void>;
}

export const embeddedTarget = async (): Promise<Target> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
  const adapters = embeddedAdapters({ dataDir });
  const runtime = await startLocalRuntime({ port: 0, adapters, log: () => {} });
  return {
    name: 'local runtime, embedded store',
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
  const tables = { events: `bench-events-${Date.now()}`, commands: `bench-commands-${Date.now()}` };
  await ensureTables(client, tables);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const adapters: CommandAdapters = {
    eventStore: new DynamoEventStore(documents, tables),
    ledger: new DynamoCommandLedger(documents, tables.commands),
    snapshots: new DynamoSnapshotStore(documents, tables.events),
    // Sync commands never touch the queue; async throughput is measured on the embedded target.
    commandQueue: new EmbeddedFifoQueue({ name: 'bench-commands' }),
  };
  for (const key of Object.keys(counts)) delete counts[key];
  const runtime = await startLocalRuntime({ port: 0, adapters, log: () => {} });
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
