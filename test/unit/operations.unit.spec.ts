/**
 * What the operator's API is made of, on its own: dead letters over a queue that can only be
 * received (SQS's shape, where the e2e tests use the embedded queue's peek), projection positions
 * against the event store, and the live tail's bounded registry look-ups and frames.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { deadLetterOf } from '#application/deadLetter';
import { listDeadLetters, redriveDeadLetters } from '#application/deadLetterQueues';
import { EventTail, eventFrameOf } from '#application/eventTail';
import { ProjectionGenerations } from '#application/projectionGenerations';
import { ProjectionService } from '#application/projectionService';
import { projectionStatuses } from '#application/projectionStatus';
import { createProjectionRegistry, type Projection } from '#core/projection';
import type { Upcast } from '#core/upcasting';
import type { OutgoingMessage, ReceivedMessage } from '#ports/messageQueue';

/** SQS's shape: messages are only seen by receiving them, hidden until acknowledged or released. */
const receiveOnlyQueue = (messages: OutgoingMessage[]) => {
  const held = messages.map((message, index) => ({ ...message, messageId: `m${index}`, hidden: false, receives: 0 }));
  return {
    held,
    send: async () => {},
    receive: async ({ max }: { max: number }): Promise<ReceivedMessage[]> =>
      held
        .filter((message) => !message.hidden)
        .slice(0, max)
        .map((message) => {
          Object.assign(message, { hidden: true, receives: message.receives + 1 });
          return { ...message, receiptHandle: message.messageId, receiveCount: message.receives, sentAt: 0 };
        }),
    ack: async (handle: string) =>
      void held.splice(
        held.findIndex((message) => message.messageId === handle),
        1,
      ),
    release: async (handle: string) => {
      const found = held.find((message) => message.messageId === handle);
      if (found) found.hidden = false;
    },
  };
};

const letter = (streamKey: string): OutgoingMessage => {
  const body = JSON.stringify({ streamKey, type: 'Happened', version: 2 });
  const dead = deadLetterOf(
    new Error('boom'),
    { receiveCount: 3, groupId: streamKey, dedupId: `${streamKey}:2`, body },
    new Date(0),
  );
  return { groupId: streamKey, dedupId: `${streamKey}:dead`, body: JSON.stringify(dead) };
};

describe('dead letters on a queue that can only be received', () => {
  it("lists a context's letters with their message and error, and leaves every letter visible after", async () => {
    const queue = receiveOnlyQueue([letter('shop#order#o1'), letter('other#order#o2'), letter('shop#order#o3')]);
    const listed = await listDeadLetters(queue, 'shop', 10);
    expect(listed.complete).toBe(true);
    expect(listed.letters.map((found) => [found.id, found.summary, found.reason])).toEqual([
      ['m0', 'Happened v2 of shop#order#o1', 'Error: boom'],
      ['m2', 'Happened v2 of shop#order#o3', 'Error: boom'],
    ]);
    expect(queue.held.every((message) => !message.hidden)).toBe(true);
    expect((await listDeadLetters(queue, 'shop', 1)).complete).toBe(false);
  });

  it('redrives the chosen letters to their queue with a fresh deduplication id, and names those not found', async () => {
    const queue = receiveOnlyQueue([letter('shop#order#o1'), letter('other#order#o2'), letter('shop#order#o3')]);
    const sent: OutgoingMessage[] = [];
    const target = { send: async (message: OutgoingMessage) => void sent.push(message) };
    const result = await redriveDeadLetters(queue, target, 'shop', { ids: ['m2', 'm1', 'nope'] }, () => 7);
    expect(result).toEqual({ redriven: ['m2'], missing: ['m1', 'nope'] });
    expect(sent).toEqual([
      { groupId: 'shop#order#o3', dedupId: 'shop#order#o3:2:r7', body: expect.stringContaining('"version":2') },
    ]);
    expect(queue.held.map((message) => [message.messageId, message.hidden])).toEqual([
      ['m0', false],
      ['m1', false],
    ]);
    expect((await redriveDeadLetters(queue, target, 'shop', { all: true })).redriven).toEqual(['m0']);
    expect(queue.held.map((message) => message.messageId)).toEqual(['m1']);
  });
});

describe('projection positions', () => {
  it("counts each generation's events folded against the streams' heads; a tail no view keys is caught up", async () => {
    const store = new EmbeddedEventStore();
    const views = new EmbeddedReadModelStore();
    // Counts `Added`; `Noted` changes no view of it.
    const counter: Projection = {
      name: 'counter',
      sources: ['box'],
      versioning: 'aggregate',
      keyOf: (event) => (event.type === 'Added' ? event.aggregateId : undefined),
      initialView: () => 0,
      evolve: (view) => (view as number) + 1,
    };
    const projections = createProjectionRegistry([counter]);
    const append = (id: string, expectedVersion: number, types: string[]) =>
      store.append({
        streamKey: `default#box#${id}`,
        expectedVersion,
        events: types.map((type) => ({ type, data: {} })),
        commandId: `${id}-${expectedVersion}`,
        fingerprint: 'f',
        committedAt: new Date(0).toISOString(),
      });
    await append('a', 0, ['Added', 'Added', 'Noted']);
    await append('b', 0, ['Added']);
    const upcast: Upcast = (_type, event) => ({ ...event, schemaVersion: event.schemaVersion ?? 1 });
    const service = new ProjectionService({ projections, views, eventStore: store, upcast });
    await service.catchUpStream(counter, 'counter', 'default#box#a');
    const generations = new ProjectionGenerations(views);
    const deps = { projections, generations, views, eventStore: store, catalog: store.catalog, upcast };
    const [status] = await projectionStatuses(deps, 'default');
    expect(status).toMatchObject({ head: { streams: 2, events: 4 }, partial: false });
    expect(status?.generations).toEqual([
      { generation: 1, storedName: 'counter', role: 'live', position: 3, views: 1, streamsBehind: 1 },
    ]);
    await service.catchUpStream(counter, 'counter', 'default#box#b');
    const [after] = await projectionStatuses(deps, 'default');
    expect(after?.generations[0]).toMatchObject({ position: 4, streamsBehind: 0 });
    store.close();
  });
});

describe('the live tail', () => {
  const message = (data: unknown) => ({
    streamKey: 'default#box#a',
    context: 'default',
    aggregateType: 'box',
    aggregateId: 'a',
    type: 'Added',
    version: 1,
    committedAt: new Date(0).toISOString(),
    data,
  });

  it("asks the registry for a context's tailing connections at most once per cache period", async () => {
    const registry = new EmbeddedConnectionRegistry();
    let asked = 0;
    const counting = Object.assign(Object.create(registry), {
      subscribers: (...args: Parameters<typeof registry.subscribers>) => {
        asked += 1;
        return registry.subscribers(...args);
      },
    }) as EmbeddedConnectionRegistry;
    const pushed: string[] = [];
    const pusher = { push: async (id: string) => (pushed.push(id), 'sent' as const), close: async () => {} };
    const tail = new EventTail({ registry: counting, pusher, cacheMs: 60_000 });
    const connection = { connectionId: 'c1', context: 'default', principal: 'ann', connectedAt: '', expiresAt: 2e9 };
    await registry.connect(connection);
    await tail.tail(connection);
    for (let i = 0; i < 5; i++) await tail.push(message({ n: i }));
    expect([asked, pushed.length]).toEqual([1, 5]);
    await tail.push({ ...message({}), context: 'other' });
    expect(asked).toBe(2);
  });

  it('sends an event without its data when the frame would pass the push limit', () => {
    expect(eventFrameOf(message({ big: 'x'.repeat(100) }), 64)).toMatchObject({
      dataOmitted: true,
      eventType: 'Added',
    });
    expect(eventFrameOf(message({ small: 1 }))).toMatchObject({ data: { small: 1 } });
  });
});
