/**
 * A DynamoDB client that asks for and sums consumed capacity: every request that accepts
 * `ReturnConsumedCapacity` is sent with `TOTAL`, and the `ConsumedCapacity` of each response (an
 * object, or an array for transactions and batches) is added up as RCU or WCU. Requests are
 * counted by operation, with how many of them came back without capacity (so an emulator that
 * reports none shows as such instead of as zero) and how many failed (a failed conditional write
 * consumes capacity in AWS, but its error carries none: those units are not in the sums).
 * One client per system under test, so that the counts never mix.
 */
import { type ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The operations whose input has `ReturnConsumedCapacity`. */
const WITH_CAPACITY = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
]);

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

export interface OperationCount {
  requests: number;
  /** Answered without `ConsumedCapacity` although it was asked for. */
  withoutCapacity: number;
  /** Threw (conditional check failed, transaction cancelled, …): no capacity in the error. */
  failed: number;
}

export interface MeterReading {
  byOperation: Record<string, OperationCount>;
  rcu: number;
  wcu: number;
}

export const emptyReading = (): MeterReading => ({ byOperation: {}, rcu: 0, wcu: 0 });

const copy = (reading: MeterReading): MeterReading => ({
  rcu: reading.rcu,
  wcu: reading.wcu,
  byOperation: Object.fromEntries(Object.entries(reading.byOperation).map(([op, count]) => [op, { ...count }])),
});

/** `after − before`, per operation and in units. */
export const difference = (after: MeterReading, before: MeterReading): MeterReading => {
  const byOperation: Record<string, OperationCount> = {};
  for (const [operation, count] of Object.entries(after.byOperation)) {
    const earlier = before.byOperation[operation] ?? { requests: 0, withoutCapacity: 0, failed: 0 };
    const requests = count.requests - earlier.requests;
    if (requests === 0) continue;
    byOperation[operation] = {
      requests,
      withoutCapacity: count.withoutCapacity - earlier.withoutCapacity,
      failed: count.failed - earlier.failed,
    };
  }
  return { byOperation, rcu: after.rcu - before.rcu, wcu: after.wcu - before.wcu };
};

export const sumReadings = (readings: readonly MeterReading[]): MeterReading =>
  readings.reduce((total, reading) => {
    const sum = copy(total);
    sum.rcu += reading.rcu;
    sum.wcu += reading.wcu;
    for (const [operation, count] of Object.entries(reading.byOperation)) {
      const into = sum.byOperation[operation] ?? { requests: 0, withoutCapacity: 0, failed: 0 };
      into.requests += count.requests;
      into.withoutCapacity += count.withoutCapacity;
      into.failed += count.failed;
      sum.byOperation[operation] = into;
    }
    return sum;
  }, emptyReading());

export const totalRequests = (reading: MeterReading): number =>
  Object.values(reading.byOperation).reduce((sum, count) => sum + count.requests, 0);

/** Units of one `ConsumedCapacity` entry: its read/write split when given, else by operation. */
const addUnits = (reading: MeterReading, operation: string, consumed: ConsumedCapacity): void => {
  const read = consumed.ReadCapacityUnits;
  const write = consumed.WriteCapacityUnits;
  if (read !== undefined || write !== undefined) {
    reading.rcu += read ?? 0;
    reading.wcu += write ?? 0;
  } else if (READS.has(operation)) {
    reading.rcu += consumed.CapacityUnits ?? 0;
  } else {
    reading.wcu += consumed.CapacityUnits ?? 0;
  }
};

export interface MeteredClient {
  client: DynamoDBClient;
  /** The totals so far (a copy). */
  read: () => MeterReading;
}

export const meteredDynamoClient = (endpoint: string): MeteredClient => {
  const reading = emptyReading();
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      const count = reading.byOperation[operation] ?? { requests: 0, withoutCapacity: 0, failed: 0 };
      reading.byOperation[operation] = count;
      count.requests++;
      const asks = WITH_CAPACITY.has(operation);
      const input = args.input as Record<string, unknown>;
      const sent = asks ? { ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } } : args;
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(sent);
      } catch (error) {
        count.failed++;
        throw error;
      }
      if (asks) {
        const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
          .ConsumedCapacity;
        const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
        if (entries.length === 0) count.withoutCapacity++;
        for (const entry of entries) addUnits(reading, operation, entry);
      }
      return result;
    },
    { step: 'initialize', name: 'meterConsumedCapacity' },
  );
  return { client, read: () => copy(reading) };
};

/** `GetItem 1, Query 1, TransactWriteItems 1` per command, from a reading over `commands` commands. */
export const requestsPerCommand = (reading: MeterReading, commands: number): string =>
  Object.entries(reading.byOperation)
    .map(([operation, count]) => `${operation} ${round2(count.requests / commands)}`)
    .join(', ') || '-';

/** The operations that came back without capacity, for a table's note column. */
export const missingCapacity = (reading: MeterReading): string =>
  Object.entries(reading.byOperation)
    .filter(([, count]) => count.withoutCapacity > 0)
    .map(([operation, count]) => `${operation} (${count.withoutCapacity}/${count.requests})`)
    .join(', ');

const round2 = (value: number) => Math.round(value * 100) / 100;
