/**
 * The process service on the embedded stores and the sample domain's command pipeline: what a
 * process sends, and what it never sends twice, whatever the delivery does.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import type { EventMessage } from '#application/eventMessage';
import { type ProcessMessage, processGroupId, processMessageSchema } from '#application/processMessages';
import { processRebuild } from '#application/processRebuild';
import { ProcessService } from '#application/processService';
import { createProcessRegistry } from '#core/processManager';
import { sampleDomain } from '#domain/index';
import { ARCHIVE_DEADLINE, archiveProcess } from '#domain/todoList/archiveProcess';
import { inboxProcess } from '#domain/user/inboxProcess';
import type { ScheduledDeadline } from '#ports/deadlineScheduler';
import type { OutgoingMessage } from '#ports/messageQueue';
import { ViewConflictError } from '#ports/readModelStore';
import { embeddedAdapters } from '#runtime/embeddedAdapters';
import { commandServiceOver } from '../support/sampleCommandService';

const setup = (now = new Date('2026-06-01T00:00:00.000Z')) => {
  const adapters = embeddedAdapters();
  const commands = commandServiceOver(adapters);
  const store = new EmbeddedReadModelStore();
  const scheduled = new Map<string, ScheduledDeadline>();
  const cancelled: string[] = [];
  const direct: OutgoingMessage[] = [];
  const enqueued: string[] = [];
  const service = new ProcessService({
    processes: createProcessRegistry([inboxProcess, archiveProcess('PT1H')]),
    store,
    eventStore: adapters.eventStore,
    upcast: sampleDomain.upcast,
    commands: {
      enqueue: async (request) => {
        enqueued.push(request.commandId);
        return commands.enqueue(request);
      },
    },
    deadlines: {
      schedule: async (deadline) => void scheduled.set(deadline.name, deadline),
      cancel: async (name) => {
        scheduled.delete(name);
        cancelled.push(name);
      },
    },
    processQueue: { send: async (message) => void direct.push(message) },
    now: () => now,
  });
  const run = async (type: string, aggregateId: string, payload: unknown) =>
    commands.execute({
      context: 'default',
      commandId: `${type}-${aggregateId}-${Math.random()}`,
      type,
      aggregateId,
      payload,
      issuedAt: now.toISOString(),
    });
  /** The process message of every event of a stream, as the publisher sends them. */
  const messagesOf = async (process: string, aggregateType: string, id: string): Promise<ProcessMessage[]> => {
    const streamKey = `default#${aggregateType}#${id}`;
    const { events } = await adapters.eventStore.read(streamKey, { fromVersion: 1, limit: 100 });
    return events.map((event) => {
      const message: EventMessage = {
        streamKey,
        context: 'default',
        aggregateType,
        aggregateId: id,
        ...event,
        committedAt: now.toISOString(),
      };
      return processMessageSchema.parse({ kind: 'event', process, key: id, event: message });
    });
  };
  const queuedCommands = async () =>
    (await adapters.commandQueue.receive({ max: 10, waitMs: 0 })).map((m) => JSON.parse(m.body));
  return { adapters, service, store, scheduled, cancelled, direct, enqueued, run, messagesOf, queuedCommands };
};

describe('the process service', () => {
  it('sends a process’s command once, whether its event comes twice or the state write fails after it', async () => {
    const t = setup();
    await t.run('RegisterUser', 'ada', { name: 'Ada', email: 'ada@example.com' });
    const [registered] = await t.messagesOf('inboxOnRegistration', 'user', 'ada');
    if (!registered) throw new Error('no event');
    const put = t.store.put.bind(t.store);
    t.store.put = async () => {
      throw new ViewConflictError('x', 'y', 0);
    };
    await expect(t.service.handle(registered)).rejects.toThrow(/contended/);
    t.store.put = put;
    await t.service.handle(registered);
    await t.service.handle(registered);
    // The same command id each time (the crash's retries), then nothing for the duplicate.
    expect(new Set(t.enqueued).size).toBe(1);
    const queued = await t.queuedCommands();
    expect(queued.map((command) => [command.type, command.aggregateId])).toEqual([['CreateTodoList', 'inbox-ada']]);
  });

  it('heals a gap from the event store: a later event first folds what came before it', async () => {
    const t = setup();
    await t.run('CreateTodoList', 'l1', { title: 'L' });
    await t.run('AddTodo', 'l1', { todoId: 'a', text: 'a' });
    await t.run('CompleteTodo', 'l1', { todoId: 'a' });
    const [created, added, completed] = await t.messagesOf('archiveWhenDone', 'todoList', 'l1');
    await t.service.handle(completed as ProcessMessage);
    expect([...t.scheduled.values()].map((deadline) => deadline.groupId)).toEqual([
      processGroupId('default', 'archiveWhenDone', 'l1'),
    ]);
    await t.service.handle(added as ProcessMessage);
    await t.service.handle(created as ProcessMessage);
    expect(t.scheduled.size).toBe(1);
    expect((await t.store.get('default', 'archiveWhenDone', 'l1'))?.version).toBe(3);
  });

  it('fires only the deadline scheduled last: a replaced or cancelled one is ignored when it comes', async () => {
    const t = setup();
    await t.run('CreateTodoList', 'l2', { title: 'L' });
    await t.run('AddTodo', 'l2', { todoId: 'a', text: 'a' });
    await t.run('CompleteTodo', 'l2', { todoId: 'a' });
    for (const message of await t.messagesOf('archiveWhenDone', 'todoList', 'l2')) await t.service.handle(message);
    const first = JSON.parse([...t.scheduled.values()][0]?.body ?? '{}');
    await t.run('ReopenTodo', 'l2', { todoId: 'a' });
    await t.run('CompleteTodo', 'l2', { todoId: 'a' });
    for (const message of (await t.messagesOf('archiveWhenDone', 'todoList', 'l2')).slice(3))
      await t.service.handle(message);
    expect(t.cancelled).toHaveLength(1);
    const second = JSON.parse([...t.scheduled.values()][0]?.body ?? '{}');
    expect(second.id).not.toBe(first.id);
    await t.service.handle(first);
    expect(t.enqueued).toEqual([]);
    await t.service.handle(second);
    await t.service.handle(second); // fired twice: once in effect
    expect(t.enqueued).toHaveLength(1);
    expect((await t.queuedCommands()).map((command) => command.type)).toEqual(['ArchiveTodoList']);
    expect(second.name).toBe(ARCHIVE_DEADLINE);
  });

  it('sends a deadline that is due already straight to the process queue, instead of scheduling it', async () => {
    const t = setup(new Date('2030-01-01T00:00:00.000Z')); // every event is far in the past
    await t.run('CreateTodoList', 'l3', { title: 'L' });
    await t.run('AddTodo', 'l3', { todoId: 'a', text: 'a' });
    await t.run('CompleteTodo', 'l3', { todoId: 'a' });
    const late = (await t.messagesOf('archiveWhenDone', 'todoList', 'l3')).map((message) =>
      message.kind === 'event'
        ? { ...message, event: { ...message.event, committedAt: '2026-01-01T00:00:00.000Z' } }
        : message,
    );
    for (const message of late) await t.service.handle(message);
    expect(t.scheduled.size).toBe(0);
    expect(t.direct.map((message) => JSON.parse(message.body).kind)).toEqual(['deadline']);
  });

  it('rebuilds a process’s state from the events without sending anything', async () => {
    const t = setup();
    await t.run('CreateTodoList', 'l4', { title: 'L' });
    await t.run('AddTodo', 'l4', { todoId: 'a', text: 'a' });
    await t.run('CompleteTodo', 'l4', { todoId: 'a' });
    for (const message of await t.messagesOf('archiveWhenDone', 'todoList', 'l4')) await t.service.handle(message);
    const live = await t.store.get('default', 'archiveWhenDone', 'l4');
    const sentBefore = [t.enqueued.length, t.scheduled.size, t.cancelled.length, t.direct.length];
    const rebuiltInto = new EmbeddedReadModelStore();
    const written = await processRebuild(
      {
        eventStore: t.adapters.eventStore,
        catalog: t.adapters.catalog,
        store: rebuiltInto,
        upcast: sampleDomain.upcast,
      },
      archiveProcess('PT1H'),
      'default',
    );
    expect(written).toBe(1);
    const rebuilt = await rebuiltInto.get('default', 'archiveWhenDone', 'l4');
    type Data = { state: unknown; deadlines: Record<string, { id: string; dueAt: string }> };
    const ids = (data: unknown) => Object.entries((data as Data).deadlines).map(([name, { id }]) => [name, id]);
    expect((rebuilt?.data as Data | undefined)?.state).toEqual((live?.data as Data | undefined)?.state);
    expect(ids(rebuilt?.data)).toEqual(ids(live?.data));
    expect(rebuilt?.sources).toEqual(live?.sources);
    // Over its own store, a pending deadline keeps the due time it was scheduled with.
    await processRebuild(
      { eventStore: t.adapters.eventStore, catalog: t.adapters.catalog, store: t.store, upcast: sampleDomain.upcast },
      archiveProcess('PT1H'),
      'default',
    );
    expect((await t.store.get('default', 'archiveWhenDone', 'l4'))?.data).toEqual(live?.data);
    expect([t.enqueued.length, t.scheduled.size, t.cancelled.length, t.direct.length]).toEqual(sentBefore);
  });
});
