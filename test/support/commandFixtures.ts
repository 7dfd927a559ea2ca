import { randomUUID } from 'node:crypto';
import { EmbeddedEventStore } from '../../shared/adapters/embedded/embeddedEventStore';
import { EmbeddedFifoQueue } from '../../shared/adapters/embedded/embeddedFifoQueue';
import type { CommandRequest } from '../../shared/application/commandRequest';
import { CommandService, type CommandServiceDeps } from '../../shared/application/commandService';
import { domainRegistry } from '../../shared/domain/registry';
import type { CommandRecord, CommandResult } from '../../shared/ports/commandLedger';
import type { AppendRequest, EventStore } from '../../shared/ports/eventStore';

export const request = (overrides: Partial<CommandRequest> = {}): CommandRequest => ({
  context: 'default',
  commandId: randomUUID(),
  type: 'CreateTodoList',
  aggregateId: 'list-1',
  payload: { title: 'Groceries' },
  issuedAt: '2026-11-22T10:00:00.000Z',
  ...overrides,
});

export const addTodo = (todoId: string, overrides: Partial<CommandRequest> = {}) =>
  request({ type: 'AddTodo', payload: { todoId, text: `do ${todoId}` }, ...overrides });

/** An event store whose `append` can be intercepted to inject races and faults. */
export const interceptedStore = (
  inner: EventStore,
  beforeAppend: (request: AppendRequest, attempt: number) => Promise<void> | void,
  afterAppend: (request: AppendRequest, attempt: number) => Promise<void> | void = () => {},
): EventStore & { appends: number } => {
  const wrapper = {
    appends: 0,
    read: inner.read.bind(inner),
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
    registry: domainRegistry,
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

/** A succeeded command's record, for appending to a store directly (tests, benchmarks). */
export const succeededRecord = (commandId: string, result?: CommandResult): CommandRecord => ({
  context: 'default',
  commandId,
  status: 'succeeded',
  fingerprint: commandId,
  ...(result && { result }),
  updatedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: 4_000_000_000,
});
