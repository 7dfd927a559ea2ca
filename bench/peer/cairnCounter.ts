/**
 * The counter domain in Cairn: `Increment {by}` → `Incremented {by}`, state = the sum, snapshot
 * every 100 events (as the sample domain's todoList). Run by Cairn's own CommandService on its
 * DynamoDB adapters. `cairnCounter` is the one place that constructs them.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCommandLedger } from '#adapters/dynamodb/dynamoCommandLedger';
import { DynamoEventStore } from '#adapters/dynamodb/dynamoEventStore';
import { DynamoSnapshotStore } from '#adapters/dynamodb/dynamoSnapshotStore';
import { ensureTables } from '#adapters/dynamodb/tables';
import type { CommandRequest } from '#application/commandRequest';
import { CommandService } from '#application/commandService';
import { RECENT_COMMANDS } from '#application/recentCommands';
import { createRegistry, defineAggregate } from '#core/aggregate';
import type { Command, Decider, DomainEvent } from '#core/decider';
import { streamKeyOf } from '#core/ids';
import * as z from '#core/zod';
import { batchPut, marshallDocument } from './batchPut';

export const CAIRN_CONTEXT = 'peer';

type Increment = Command<'Increment', { by: number }>;
type Incremented = DomainEvent<'Incremented', { by: number }>;
interface CounterState {
  total: number;
}

const counterDecider: Decider<CounterState, Increment, Incremented> = {
  initialState: () => ({ total: 0 }),
  decide: (command) => [{ type: 'Incremented', data: { by: command.payload.by } }],
  evolve: (state, event) => ({ total: state.total + event.data.by }),
};

export const counterAggregate = defineAggregate({
  type: 'counter',
  commands: { Increment: z.strictObject({ by: z.int().check(z.minimum(1), z.maximum(1_000_000)) }) },
  decider: counterDecider,
  snapshotEvery: 100,
  snapshotSchemaVersion: 1,
});

const registry = createRegistry([counterAggregate]);

export const counterStreamKey = (counterId: string): string =>
  streamKeyOf(CAIRN_CONTEXT, counterAggregate.type, counterId);

export interface CairnTables {
  events: string;
  commands: string;
  snapshots: string;
}

/** An `Increment` request; `commandId` is the Idempotency-Key when the client chose one. */
export const incrementRequest = (counterId: string, by: number, commandId: string = randomUUID()): CommandRequest => ({
  context: CAIRN_CONTEXT,
  commandId,
  type: 'Increment',
  aggregateId: counterId,
  payload: { by },
  issuedAt: new Date().toISOString(),
});

/**
 * ─── The only place that constructs Cairn's adapters and service ─────────────────────────────
 * Each call builds fresh adapters and a fresh CommandService over the given (metered) client:
 * "cold" is a command through a new `cairnCounter(...)`, "warm" through one kept and used before.
 */
export const cairnCounter = (client: DynamoDBClient, tables: CairnTables) => {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const eventStore = new DynamoEventStore(documents, { events: tables.events });
  const ledger = new DynamoCommandLedger(documents, tables.commands);
  const snapshots = new DynamoSnapshotStore(documents, tables.snapshots);
  const service = new CommandService({ registry, eventStore, ledger, snapshots });
  // Prior events: the event store's own append, into a client that keeps the items instead of
  // sending them; they are then batch-written (see `prepare` below).
  const recorded = recordingClient(tables.events);
  const recorder = new DynamoEventStore(recorded.client, { events: tables.events });
  const appendPrior = (counterId: string, baseVersion: number) => {
    const commandId = `prior-${counterId}-${baseVersion}`;
    const event = { type: 'Incremented', data: { by: 1 } };
    const fingerprint = JSON.stringify(['Increment', counterId, { by: 1 }, null]);
    const committedAt = new Date().toISOString();
    const streamKey = counterStreamKey(counterId);
    return recorder.append({
      streamKey,
      expectedVersion: baseVersion,
      events: [event],
      commandId,
      fingerprint,
      committedAt,
    });
  };
  return {
    createTables: () =>
      ensureTables(client, { events: tables.events, commands: tables.commands, snapshots: tables.snapshots }),
    service,
    /**
     * `count` commits of one `Incremented {by: 1}` each, as `count` commands would have left them
     * in the events table (no snapshot; no measured command reads the prior commands' records).
     */
    prepare: async (counterId: string, count: number) => {
      for (let base = 0; base < count; base++) await appendPrior(counterId, base);
      await batchPut(client, tables.events, recorded.take().map(marshallDocument));
    },
    /**
     * The snapshot the stream's follower would have written at `version` (the sum of `version` 1s),
     * with the prior commands' ids as the newest RECENT_COMMANDS of them.
     */
    putSnapshot: (counterId: string, version: number) => {
      const committedAt = new Date().toISOString();
      const first = Math.max(0, version - RECENT_COMMANDS);
      return snapshots.put({
        streamKey: counterStreamKey(counterId),
        version,
        schemaVersion: counterAggregate.snapshotSchemaVersion,
        state: { total: version } satisfies CounterState,
        recent: Array.from({ length: version - first }, (_, i) => ({
          commandId: `prior-${counterId}-${first + i}`,
          fingerprint: JSON.stringify(['Increment', counterId, { by: 1 }, null]),
          baseVersion: first + i,
          lastVersion: first + i + 1,
          committedAt,
        })),
        recentComplete: first === 0,
      });
    },
  };
};
// ─── end of the construction ─────────────────────────────────────────────────────────────────

/**
 * A stand-in document client that answers every request with `{}` and keeps the items it was
 * asked to put into `tableName` (a PutItem's Item, or the Puts of a TransactWriteItems).
 */
const recordingClient = (tableName: string) => {
  let items: Record<string, unknown>[] = [];
  type Put = { TableName?: string; Item?: Record<string, unknown> };
  const send = async (command: { input: Put & { TransactItems?: { Put?: Put }[] } }) => {
    const puts = command.input.TransactItems?.map((entry) => entry.Put) ?? [command.input];
    for (const put of puts) if (put?.TableName === tableName && put.Item) items.push(put.Item);
    return {};
  };
  return {
    client: { send } as unknown as DynamoDBDocumentClient,
    take: () => {
      const taken = items;
      items = [];
      return taken;
    },
  };
};

export type CairnCounter = ReturnType<typeof cairnCounter>;

/** With an Idempotency-Key: the client's id (a retry may be recognised). Without: a fresh id and `freshId`. */
export const executeIncrement = (cairn: CairnCounter, counterId: string, by: number, idempotencyKey?: string) =>
  idempotencyKey === undefined
    ? cairn.service.execute(incrementRequest(counterId, by), { freshId: true })
    : cairn.service.execute(incrementRequest(counterId, by, idempotencyKey));
