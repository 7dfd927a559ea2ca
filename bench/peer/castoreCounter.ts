/**
 * The counter domain in Castore (@castore/core 2.4.2) on its recommended DynamoDB adapter,
 * `DynamoDBSingleTableEventStorageAdapter`: one item per event (pk `aggregateId` = `COUNTERS#<id>`,
 * sk `version`), and a GSI `initialEvents` (eventStoreId, timestamp; KEYS_ONLY) on which only each
 * aggregate's first event is projected, for `listAggregateIds`. A command is Castore's `Command`:
 * read the whole stream (`getAggregate`: a consistent Query, paged by 1 MB), reduce, push one event
 * with `attribute_not_exists(version)`. Castore has no snapshots and no idempotency.
 *
 * On a version clash Castore's `Command` runs its handler again: by default 2 more times
 * (`eventAlreadyExistsRetries: 2`) with no delay (`onEventAlreadyExists` resolves at once), then
 * throws. `retry` replaces that with the given number of attempts and a sleep between them.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { Command, EventStore, EventType, isEventAlreadyExistsError, tuple } from '@castore/core';
import {
  DynamoDBSingleTableEventStorageAdapter,
  EVENT_TABLE_EVENT_STORE_ID_KEY,
  EVENT_TABLE_INITIAL_EVENT_INDEX_NAME,
  EVENT_TABLE_PK,
  EVENT_TABLE_SK,
  EVENT_TABLE_TIMESTAMP_KEY,
} from '@castore/event-storage-adapter-dynamodb';
import { batchPut } from './batchPut';

export const CASTORE_EVENT_STORE_ID = 'COUNTERS';

/**
 * The table as the adapter's README defines it (CloudFormation/CDK examples), on demand, with a
 * NEW_IMAGE stream like Cairn's events table: the same job (an event store whose changes feed
 * projections and buses, as Castore's own DynamoDB-stream message buses do), and on DynamoDB Local
 * a stream makes writes costlier, so both pay it.
 */
export const createCastoreTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
        AttributeDefinitions: [
          { AttributeName: EVENT_TABLE_PK, AttributeType: 'S' },
          { AttributeName: EVENT_TABLE_SK, AttributeType: 'N' },
          { AttributeName: EVENT_TABLE_EVENT_STORE_ID_KEY, AttributeType: 'S' },
          { AttributeName: EVENT_TABLE_TIMESTAMP_KEY, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: EVENT_TABLE_PK, KeyType: 'HASH' },
          { AttributeName: EVENT_TABLE_SK, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: EVENT_TABLE_INITIAL_EVENT_INDEX_NAME,
            KeySchema: [
              { AttributeName: EVENT_TABLE_EVENT_STORE_ID_KEY, KeyType: 'HASH' },
              { AttributeName: EVENT_TABLE_TIMESTAMP_KEY, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const incrementedEvent = new EventType<'INCREMENTED', { by: number }>({ type: 'INCREMENTED' });

interface CounterAggregate {
  aggregateId: string;
  version: number;
  total: number;
}

const reducer = (
  aggregate: CounterAggregate | undefined,
  event: { aggregateId: string; version: number; payload: { by: number } },
): CounterAggregate => ({
  aggregateId: event.aggregateId,
  version: event.version,
  total: (aggregate?.total ?? 0) + event.payload.by,
});

export interface CastoreOutcome {
  version: number;
  total: number;
  /** Handler runs, the first included (1 without a clash). */
  attempts: number;
}

export interface CastoreRetry {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Before attempt `attempt + 1`. */
  delayMs: (attempt: number) => number;
}

/**
 * A fresh adapter, event store and command: what a new process (a cold Lambda) would build.
 * Castore keeps nothing between commands, so a long-lived one behaves the same.
 */
export const castoreCounter = (client: DynamoDBClient, tableName: string, retry?: CastoreRetry) => {
  const adapter = new DynamoDBSingleTableEventStorageAdapter({ tableName, dynamoDBClient: client });
  const counters = new EventStore({
    eventStoreId: CASTORE_EVENT_STORE_ID,
    eventTypes: tuple(incrementedEvent),
    reducer,
    eventStorageAdapter: adapter,
  });
  const increment = new Command({
    commandId: 'INCREMENT',
    requiredEventStores: tuple(counters),
    ...(retry && {
      eventAlreadyExistsRetries: retry.maxAttempts - 1,
      onEventAlreadyExists: async (_error, { attemptNumber }) => {
        await new Promise((resolve) => setTimeout(resolve, retry.delayMs(attemptNumber)));
      },
    }),
    // The tally is Command's `context` argument, passed through to every run of the handler.
    handler: async (input: { counterId: string; by: number }, [store], tally: { attempts: number }) => {
      tally.attempts++;
      const { aggregate } = await store.getAggregate(input.counterId);
      const version = (aggregate?.version ?? 0) + 1;
      const { nextAggregate } = await store.pushEvent(
        { aggregateId: input.counterId, version, type: 'INCREMENTED', payload: { by: input.by } },
        { prevAggregate: aggregate },
      );
      return { version, total: nextAggregate?.total ?? input.by };
    },
  });
  return {
    /** Throws Castore's EventAlreadyExistsError, with `attempts` set, when its attempts ran out. */
    execute: async (counterId: string, by: number): Promise<CastoreOutcome> => {
      const tally = { attempts: 0 };
      try {
        const output = await increment.handler({ counterId, by }, [counters], tally);
        return { ...output, attempts: tally.attempts };
      } catch (error) {
        if (isEventAlreadyExistsError(error)) Object.assign(error, { attempts: tally.attempts });
        throw error;
      }
    },
    /**
     * Events 1..count (`by: 1` each), as the adapter's `pushEvent` would store them (its own
     * `getPushEventInput`), batch-written: one conditional PutItem each would take minutes.
     */
    prepare: async (counterId: string, count: number) => {
      const timestamp = new Date().toISOString();
      const items = Array.from({ length: count }, (_, i) => {
        const event = { aggregateId: counterId, version: i + 1, type: 'INCREMENTED', timestamp, payload: { by: 1 } };
        return adapter.getPushEventInput(event, { eventStoreId: CASTORE_EVENT_STORE_ID }).Item ?? {};
      });
      await batchPut(client, tableName, items);
    },
  };
};

/** Attempts a failed Castore command made (set by `execute`). */
export const attemptsOf = (error: unknown): number =>
  typeof error === 'object' && error !== null && 'attempts' in error && typeof error.attempts === 'number'
    ? error.attempts
    : 1;
