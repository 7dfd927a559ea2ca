/**
 * The two systems under test, set up side by side: each with a DynamoDB client of its own that
 * asks for and sums consumed capacity (./capacity.ts), so their counts never mix, and with tables
 * of its own named after the run's stamp, so that runs on one DynamoDB Local never meet.
 */
import { type CairnCounter, type CairnTables, cairnCounter, executeIncrement } from './cairnCounter';
import { type MeteredClient, meteredDynamoClient, type OperationCount } from './capacity';
import { attemptsOf, type CastoreRetry, castoreCounter, createCastoreTable } from './castoreCounter';

/** One counter instance of either system: what a command goes through. */
export interface Counter {
  /** Resolves with the write attempts made; rejects (with `attempts` where known) when it gave up. */
  increment: (counterId: string, idempotencyKey?: string) => Promise<number>;
}

export interface System {
  name: 'cairn' | 'castore';
  meter: MeteredClient;
  /** A freshly built instance. */
  open: () => Counter;
  /** `count` prior events of `by: 1` on a new aggregate, without snapshot. */
  prepare: (counterId: string, count: number) => Promise<void>;
}

/** Attempts a rejected `increment` made: in Cairn's ContentionError's details, else as Castore's `attempts`. */
export const failedAttempts = (error: unknown): number => {
  const details = (error as { details?: { attempts?: unknown } } | undefined)?.details;
  return typeof details?.attempts === 'number' ? details.attempts : attemptsOf(error);
};

export interface PeerSystems {
  /** Prefix of every table and aggregate id of this run. */
  stamp: string;
  cairn: System;
  castore: System;
  /** Cairn then Castore: index 0 is Cairn and 1 Castore in every pair of readings. */
  pair: [System, System];
  /** A Castore instance whose Command retries as `retry` says (its default without). */
  openCastore: (retry?: CastoreRetry) => Counter;
  /** A fresh Cairn counter on Cairn's metered client, for the snapshots its pipeline would write. */
  cairnCounter: () => CairnCounter;
  /** A new Idempotency-Key on every call. */
  key: () => string;
  /** What DynamoDB Local reported per operation to each system's client so far. */
  capacity: () => { cairn: Record<string, OperationCount>; castore: Record<string, OperationCount> };
  /** Closes both clients. */
  close: () => void;
}

/** Builds both clients and creates both systems' tables. */
export const openPeerSystems = async (endpoint: string, stamp: string): Promise<PeerSystems> => {
  const cairnMeter = meteredDynamoClient(endpoint);
  const castoreMeter = meteredDynamoClient(endpoint);
  const cairnTables: CairnTables = {
    events: `peer-cairn-events-${stamp}`,
    commands: `peer-cairn-commands-${stamp}`,
    snapshots: `peer-cairn-snapshots-${stamp}`,
  };
  const castoreTable = `peer-castore-events-${stamp}`;
  await cairnCounter(cairnMeter.client, cairnTables).createTables();
  await createCastoreTable(castoreMeter.client, castoreTable);

  const openCastore = (retry?: CastoreRetry): Counter => {
    const castore = castoreCounter(castoreMeter.client, castoreTable, retry);
    return { increment: async (id) => (await castore.execute(id, 1)).attempts };
  };
  const cairn: System = {
    name: 'cairn',
    meter: cairnMeter,
    open: () => {
      const counter = cairnCounter(cairnMeter.client, cairnTables);
      return { increment: async (id, key) => (await executeIncrement(counter, id, 1, key)).attempts };
    },
    prepare: (id, count) => cairnCounter(cairnMeter.client, cairnTables).prepare(id, count),
  };
  const castore: System = {
    name: 'castore',
    meter: castoreMeter,
    open: () => openCastore(),
    prepare: (id, count) => castoreCounter(castoreMeter.client, castoreTable).prepare(id, count),
  };
  let keys = 0;
  return {
    stamp,
    cairn,
    castore,
    pair: [cairn, castore],
    openCastore,
    cairnCounter: () => cairnCounter(cairnMeter.client, cairnTables),
    key: () => `${stamp}-k${++keys}`,
    capacity: () => ({ cairn: cairnMeter.read().byOperation, castore: castoreMeter.read().byOperation }),
    close: () => {
      cairnMeter.client.destroy();
      castoreMeter.client.destroy();
    },
  };
};
