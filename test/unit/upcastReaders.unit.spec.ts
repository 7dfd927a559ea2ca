/**
 * Every reader of the event store sees an event in its newest shape: aggregate loads (with and
 * without snapshots), the projection worker's messages (with their data or without), rebuilds and
 * gap healing. The store holds todo lists written before TodoAdded had a priority (schema version
 * 1, no `schemaVersion` field), appended as the code of then appended them, and keeps them so.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { loadAggregate } from '#application/aggregateLoader';
import { CommandService } from '#application/commandService';
import { eventMessageSchema, projectedEventOf } from '#application/eventMessage';
import { ProjectionService } from '#application/projectionService';
import { erase } from '#core/aggregate';
import { UnknownSchemaVersionError } from '#core/upcasting';
import { sampleDomain } from '#domain/index';
import { todoListAggregate } from '#domain/todoList/index';
import type { NewEvent } from '#ports/eventStore';

const created = { type: 'TodoListCreated', data: { title: 'Old', createdAt: '2026-01-01T00:00:00.000Z' } };
const addedV1 = (todoId: string): NewEvent => ({ type: 'TodoAdded', data: { todoId, text: todoId } });

/** A store with `list`'s commits as written before schema versions: each of `commits` is one commit. */
const storeWith = async (list: string, commits: NewEvent[][]) => {
  const store = new EmbeddedEventStore();
  let version = 0;
  for (const [index, events] of commits.entries()) {
    await store.append({
      streamKey: `default#todoList#${list}`,
      expectedVersion: version,
      events,
      commandId: `old-${index}`,
      fingerprint: `fp-${index}`,
      committedAt: '2026-01-01T00:00:00.000Z',
    });
    version += events.length;
  }
  return store;
};

const definition = erase(todoListAggregate);

/** A projection message of list `l1`, as the publisher sends it (fields added by the caller). */
const messageOf = (type: string, version: number, fields: Record<string, unknown>) =>
  eventMessageSchema.parse({
    streamKey: 'default#todoList#l1',
    context: 'default',
    aggregateType: 'todoList',
    aggregateId: 'l1',
    type,
    version,
    committedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  });

describe('aggregate loads', () => {
  it('fold stored version 1 events in their newest shape; new ones are written at version 2', async () => {
    const store = await storeWith('l1', [[created, addedV1('milk')]]);
    const loaded = await loadAggregate(definition, 'default#todoList#l1', store, store.snapshotStore);
    expect(loaded.state).toMatchObject({ todos: { milk: { text: 'milk', priority: 'normal', done: false } } });

    const service = new CommandService({ registry: sampleDomain.aggregates, eventStore: store, ledger: store });
    const payload = { todoId: 'tea', text: 'Tea', priority: 'high' };
    const base = { context: 'default', aggregateId: 'l1', issuedAt: '2026-11-22T10:00:00.000Z' };
    const outcome = await service.execute({ ...base, commandId: 'c-tea', type: 'AddTodo', payload });
    expect(outcome.result.events).toEqual([{ type: 'TodoAdded', version: 3, schemaVersion: 2, data: payload }]);
    // The old event is still stored as it was written; the new one says its version.
    const { events } = await store.read('default#todoList#l1');
    expect(events.map(({ schemaVersion, data }) => ({ schemaVersion, data }))).toEqual([
      { schemaVersion: 1, data: created.data },
      { schemaVersion: 1, data: { todoId: 'milk', text: 'milk' } },
      { schemaVersion: 2, data: payload },
    ]);
  });

  it('ignore a snapshot of the state before priorities (its schema version is older) and fold events instead', async () => {
    // 101 commits: longer than the one read of the newest 100, so the load asks for the snapshot.
    const adds = Array.from({ length: 100 }, (_, index) => [addedV1(`t${index}`)]);
    const store = await storeWith('long', [[created], ...adds]);
    const stale = { exists: true, title: 'Old', archived: false, todos: { t0: { text: 't0', done: false } } };
    const snapshot = { streamKey: 'default#todoList#long', version: 101, state: stale };
    await store.snapshotStore.put({ ...snapshot, schemaVersion: 1 });
    const loaded = await loadAggregate(definition, 'default#todoList#long', store, store.snapshotStore);
    expect(loaded.fromSnapshot).toBe(false);
    expect(Object.keys((loaded.state as { todos: object }).todos)).toHaveLength(100);
    expect(loaded.state).toMatchObject({ todos: { t0: { priority: 'normal' }, t99: { priority: 'normal' } } });
  });
});

describe('projection messages', () => {
  it('carry the schema version; one sent before versions were is read as version 1, and upcast', async () => {
    const store = await storeWith('l1', [[created, addedV1('milk')]]);
    const parsed = messageOf('TodoAdded', 2, { data: { todoId: 'milk', text: 'Milk' } });
    expect(parsed.schemaVersion).toBe(1);
    const event = await projectedEventOf(parsed, store, sampleDomain.upcast);
    expect(event.data).toEqual({ todoId: 'milk', text: 'Milk', priority: 'normal' });
    const data = { todoId: 'milk', text: 'Milk', priority: 'low' };
    const v2 = messageOf('TodoAdded', 2, { schemaVersion: 2, data });
    expect((await projectedEventOf(v2, store, sampleDomain.upcast)).data).toEqual(data);
    const v3 = messageOf('TodoAdded', 2, { schemaVersion: 3, data: {} });
    await expect(projectedEventOf(v3, store, sampleDomain.upcast)).rejects.toThrow(UnknownSchemaVersionError);
  });

  it('without their data take it, and the version it is in, from the event store', async () => {
    const store = await storeWith('l1', [[created, addedV1('milk')]]);
    // The message says version 2 (as a newer publisher would): the stored event, version 1, decides.
    const omitted = messageOf('TodoAdded', 2, { schemaVersion: 2, dataOmitted: true });
    const event = await projectedEventOf(omitted, store, sampleDomain.upcast);
    expect(event.data).toEqual({ todoId: 'milk', text: 'milk', priority: 'normal' });
  });
});

describe('projections reading the store', () => {
  const service = (store: EmbeddedEventStore, views: EmbeddedReadModelStore) =>
    new ProjectionService({
      projections: sampleDomain.projections,
      views,
      eventStore: store,
      upcast: sampleDomain.upcast,
    });
  const todosOf = async (views: EmbeddedReadModelStore, target: string) =>
    ((await views.get('default', target, 'l1'))?.data as { todos: unknown[] } | undefined)?.todos;

  it('rebuild from stored version 1 events in their newest shape', async () => {
    const store = await storeWith('l1', [[created, addedV1('milk')], [addedV1('eggs')]]);
    const views = new EmbeddedReadModelStore();
    const todoList = sampleDomain.projections.require('todoList');
    expect(await service(store, views).catchUpStream(todoList, 'todoList@2', 'default#todoList#l1')).toBe(3);
    expect(await todosOf(views, 'todoList@2')).toEqual([
      { todoId: 'milk', text: 'milk', priority: 'normal', done: false },
      { todoId: 'eggs', text: 'eggs', priority: 'normal', done: false },
    ]);
  });

  it('heal a gap with stored version 1 events in their newest shape', async () => {
    const store = await storeWith('l1', [
      [created, addedV1('milk')],
      [{ type: 'TodoCompleted', data: { todoId: 'milk' } }],
    ]);
    const views = new EmbeddedReadModelStore();
    // Only the last event arrives: the two before it are read from the store.
    const last = messageOf('TodoCompleted', 3, { data: { todoId: 'milk' } });
    await service(store, views).apply(await projectedEventOf(last, store, sampleDomain.upcast));
    expect(await todosOf(views, 'todoList')).toEqual([
      { todoId: 'milk', text: 'milk', priority: 'normal', done: true },
    ]);
  });
});
