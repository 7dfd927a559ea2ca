import { randomUUID } from 'node:crypto';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import type { CommandRequest } from '#application/commandRequest';
import { CommandService, type CommandServiceDeps } from '#application/commandService';
import { CommitFollowers } from '#application/commitFollowers';
import type { AppendRequest, EventStore } from '#ports/eventStore';
import { testDomain } from './testDomain';

/** An `OpenLedger` of the test domain (the first command of a ledger), as the edge accepts it. */
export const request = (overrides: Partial<CommandRequest> = {}): CommandRequest => ({
  context: 'default',
  commandId: randomUUID(),
  type: 'OpenLedger',
  aggregateId: 'ledger-1',
  payload: { title: 'Groceries' },
  issuedAt: '2026-11-22T10:00:00.000Z',
  ...overrides,
});

/** A `Record` of 1 as entry `entryId` (which must be new in its ledger). */
export const record = (entryId: string, overrides: Partial<CommandRequest> = {}) =>
  request({ type: 'Record', payload: { entryId, amount: 1 }, ...overrides });

/** An event store whose `append` can be intercepted to inject races and faults. */
export const interceptedStore = (
  inner: EventStore,
  beforeAppend: (request: AppendRequest, attempt: number) => Promise<void> | void,
  afterAppend: (request: AppendRequest, attempt: number) => Promise<void> | void = () => {},
): EventStore & { appends: number } => {
  const wrapper = {
    appends: 0,
    read: inner.read.bind(inner),
    readCommits: inner.readCommits.bind(inner),
    readTail: inner.readTail.bind(inner),
    currentVersion: inner.currentVersion.bind(inner),
    append: async (appendRequest: AppendRequest) => {
      wrapper.appends += 1;
      await beforeAppend(appendRequest, wrapper.appends);
      await inner.append(appendRequest);
      await afterAppend(appendRequest, wrapper.appends);
    },
  };
  return wrapper;
};

export const inMemoryService = (overrides: Partial<CommandServiceDeps> = {}) => {
  const store = new EmbeddedEventStore();
  const queue = new EmbeddedFifoQueue({ name: 'commands' });
  const service = new CommandService({
    registry: testDomain.aggregates,
    eventStore: store,
    ledger: store,
    snapshots: store.snapshotStore,
    queue,
    sleep: async () => {},
    ...overrides,
  });
  return { service, store, queue };
};

/** Sends commands to `service` in context `default`, with ids c1, c2, ... */
export const commandRunner = (service: CommandService) => {
  let n = 0;
  return (type: string, aggregateId: string, payload: unknown) =>
    service.execute({
      context: 'default',
      commandId: `c${++n}`,
      type,
      aggregateId,
      payload,
      issuedAt: '2026-11-22T10:00:00.000Z',
    });
};

/**
 * Runs what follows commits in the runtimes (command records, snapshots: CommitFollowers) over
 * every commit of `store` not followed yet, as the change feed would. Returns the next position.
 */
export const followCommits = async (store: EmbeddedEventStore, from = 0): Promise<number> => {
  const followers = new CommitFollowers({
    registry: testDomain.aggregates,
    ledger: store,
    snapshots: store.snapshotStore,
    eventStore: store,
  });
  let position = from;
  for (const commit of store.commitsAfter(from, Number.MAX_SAFE_INTEGER)) {
    await followers.follow(commit);
    position = commit.position;
  }
  return position;
};

/** Counts the calls an event store receives, by method. */
export const countingStore = (inner: EventStore) => {
  const calls = { read: 0, readCommits: 0, readTail: 0, currentVersion: 0, append: 0 };
  const counted = <K extends keyof typeof calls>(method: K) =>
    ((...args: unknown[]) => {
      calls[method] += 1;
      return (inner[method] as (...a: unknown[]) => unknown).apply(inner, args);
    }) as EventStore[K];
  const store: EventStore = {
    read: counted('read'),
    readCommits: counted('readCommits'),
    readTail: counted('readTail'),
    currentVersion: counted('currentVersion'),
    append: counted('append'),
  };
  return { store, calls };
};
