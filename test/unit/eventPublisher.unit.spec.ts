import { describe, expect, it } from 'vitest';
import { commitFromStreamRecord } from '#adapters/dynamodb/commitStreamRecord';
import { EventBridgeBus } from '#adapters/eventbridge/eventBridgeBus';
import type { CommitFollowers } from '#application/commitFollowers';
import { dedupIdFor, EventPublisher } from '#application/eventPublisher';
import { createStreamPublisher } from '#handlers/streamPublisher';
import type { BusEvent } from '#ports/eventBus';
import type { OutgoingMessage } from '#ports/messageQueue';

const commit = {
  streamKey: 'shop#todoList#l1',
  committedAt: '2026-11-22T10:00:00.000Z',
  events: [
    { type: 'TodoAdded', version: 4, schemaVersion: 2, data: { todoId: 'a', text: 'x', priority: 'high' } },
    { type: 'TodoCompleted', version: 5, schemaVersion: 1, data: { todoId: 'a' } },
  ],
};

const capture = () => {
  const sent: OutgoingMessage[] = [];
  const published: BusEvent[] = [];
  const publisher = new EventPublisher({
    queue: { send: async (message) => void sent.push(message) },
    bus: { publish: async (events) => void published.push(...events) },
    maxMessageBytes: 2048,
  });
  return { sent, published, publisher };
};

describe('event publisher', () => {
  it('sends one message per event in its aggregate group, deduplicated by stream key and version', async () => {
    const { sent, published, publisher } = capture();
    await publisher.publish(commit);
    expect(sent.map(({ groupId, dedupId }) => ({ groupId, dedupId }))).toEqual([
      { groupId: 'shop#todoList#l1', dedupId: 'shop#todoList#l1:4' },
      { groupId: 'shop#todoList#l1', dedupId: 'shop#todoList#l1:5' },
    ]);
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({
      streamKey: 'shop#todoList#l1',
      context: 'shop',
      aggregateType: 'todoList',
      aggregateId: 'l1',
      type: 'TodoAdded',
      version: 4,
      schemaVersion: 2,
      data: { todoId: 'a', text: 'x', priority: 'high' },
      committedAt: '2026-11-22T10:00:00.000Z',
    });
    expect(published[1]).toEqual({
      source: 'cairn.shop',
      detailType: 'todoList.TodoCompleted',
      time: '2026-11-22T10:00:00.000Z',
      detail: {
        id: 'shop#todoList#l1:5',
        context: 'shop',
        aggregateType: 'todoList',
        aggregateId: 'l1',
        type: 'TodoCompleted',
        version: 5,
        schemaVersion: 1,
        committedAt: '2026-11-22T10:00:00.000Z',
        data: { todoId: 'a' },
      },
    });
  });

  it('sends an event too large for a message without its data, flagged for the reader', async () => {
    const { sent, published, publisher } = capture();
    const big = {
      ...commit,
      events: [{ type: 'TodoAdded', version: 1, schemaVersion: 2, data: { text: 'x'.repeat(5000) } }],
    };
    await publisher.publish(big);
    expect(JSON.parse(sent[0]?.body ?? '')).toMatchObject({ version: 1, dataOmitted: true });
    expect(JSON.parse(sent[0]?.body ?? '').data).toBeUndefined();
    expect(published[0]?.detail).toMatchObject({ dataOmitted: true });
    expect(published[0]?.detail.data).toBeUndefined();
  });

  it('keeps deduplication ids within SQS limits', () => {
    expect(dedupIdFor('a#b#c', 7)).toBe('a#b#c:7');
    const long = dedupIdFor(`ctx#todoList#${'x'.repeat(120)}`, 1);
    expect(long).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('DynamoDB stream records', () => {
  const image = (sk: number) => ({
    pk: { S: 'shop#todoList#l1' },
    sk: { N: String(sk) },
    last: { N: String(sk + 2) },
    events: {
      L: [
        {
          M: {
            type: { S: 'TodoAdded' },
            schemaVersion: { N: '2' },
            data: { M: { todoId: { S: 'a' }, text: { S: 'x' }, priority: { S: 'high' } } },
          },
        },
        // As items were written before schema versions were stored: read as version 1.
        { M: { type: { S: 'TodoCompleted' }, data: { M: { todoId: { S: 'a' } } } } },
      ],
    },
    commandId: { S: 'c1' },
    context: { S: 'shop' },
    committedAt: { S: '2026-11-22T10:00:00.000Z' },
  });

  it('turns an inserted commit item into its events with gapless versions and their schema versions', () => {
    expect(commitFromStreamRecord({ eventName: 'INSERT', dynamodb: { NewImage: image(3) } })).toEqual({
      ...commit,
      baseVersion: 3,
      commandId: 'c1',
    });
  });

  it('ignores snapshots (sort key -1) and anything but inserts', () => {
    const snapshot = { pk: { S: 'shop#todoList#l1' }, sk: { N: '-1' }, version: { N: '100' }, state: { S: '{}' } };
    expect(commitFromStreamRecord({ eventName: 'INSERT', dynamodb: { NewImage: snapshot } })).toBeUndefined();
    expect(commitFromStreamRecord({ eventName: 'MODIFY', dynamodb: { NewImage: snapshot } })).toBeUndefined();
    expect(commitFromStreamRecord({ eventName: 'REMOVE', dynamodb: {} })).toBeUndefined();
  });

  it('reports the first failed record and every later one, so that the stream is retried in order', async () => {
    const published: string[] = [];
    let failOnce = true;
    const publisher = {
      publish: async (c: { streamKey: string; events: readonly { version: number }[] }) => {
        if (c.events[0]?.version === 4 && failOnce) {
          failOnce = false;
          throw new Error('SQS unavailable');
        }
        published.push(`${c.streamKey}@${c.events[0]?.version}`);
      },
    } as unknown as EventPublisher;
    const record = (sk: number, seq: string) => ({
      eventName: 'INSERT' as const,
      dynamodb: { NewImage: image(sk), SequenceNumber: seq },
    });
    const handle = createStreamPublisher(commitFromStreamRecord, publisher, () => {});
    const event = { Records: [record(0, '100'), record(3, '200'), record(5, '300')] } as never;
    expect(await handle(event)).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }, { itemIdentifier: '300' }] });
    expect(published).toEqual(['shop#todoList#l1@1']);
  });
});

describe('stream publisher with the commit followers', () => {
  const streamImage = (sk: number) => ({
    pk: { S: 'shop#todoList#l1' },
    sk: { N: String(sk) },
    events: { L: [{ M: { type: { S: 'TodoAdded' }, data: { M: { todoId: { S: 'a' } } } } }] },
    commandId: { S: `c${sk}` },
    fp: { S: `f${sk}` },
    committedAt: { S: '2026-11-22T10:00:00.000Z' },
  });
  it('follows every published commit, and a follower that fails reports its record and every later one', async () => {
    const followed: number[] = [];
    const publisher = { publish: async () => {} } as unknown as EventPublisher;
    const followers = {
      follow: async (commit: { baseVersion: number }) => {
        if (commit.baseVersion === 3) throw new Error('commands table unavailable');
        followed.push(commit.baseVersion);
      },
    } as unknown as CommitFollowers;
    const record = (sk: number, seq: string) => ({
      eventName: 'INSERT' as const,
      dynamodb: { NewImage: streamImage(sk), SequenceNumber: seq },
    });
    const handle = createStreamPublisher(commitFromStreamRecord, publisher, () => {}, followers);
    const event = { Records: [record(0, '100'), record(3, '200'), record(5, '300')] } as never;
    expect(await handle(event)).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }, { itemIdentifier: '300' }] });
    expect(followed.sort()).toEqual([0, 5]);
  });
});

describe('EventBridge bus adapter', () => {
  it('sends failed entries again, only those, and gives up with the error codes after the last attempt', async () => {
    const calls: string[][] = [];
    let round = 0;
    const client = {
      send: async (command: { input: { Entries: { Detail: string }[] } }) => {
        const ids = command.input.Entries.map((entry) => JSON.parse(entry.Detail).id as string);
        calls.push(ids);
        round += 1;
        // First call: the 2nd entry fails; second call: all succeed.
        const failing = round === 1 ? [1] : [];
        return {
          FailedEntryCount: failing.length,
          Entries: ids.map((_, i) => (failing.includes(i) ? { ErrorCode: 'ThrottlingException' } : { EventId: 'x' })),
        };
      },
    };
    const bus = new EventBridgeBus(client as never, 'bus', { sleep: async () => {} });
    const event = (id: string): BusEvent => ({
      source: 'cairn.shop',
      detailType: 'todoList.TodoAdded',
      time: '2026-11-22T10:00:00.000Z',
      detail: {
        id,
        context: 'shop',
        aggregateType: 'todoList',
        aggregateId: 'l',
        type: 'T',
        version: 1,
        schemaVersion: 1,
        committedAt: '',
      },
    });
    await bus.publish(Array.from({ length: 12 }, (_, i) => event(`e${i}`)));
    expect(calls).toEqual([[...Array.from({ length: 10 }, (_, i) => `e${i}`)], ['e1'], ['e10', 'e11']]);

    const alwaysFailing = {
      send: async () => ({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] }),
    };
    const giving = new EventBridgeBus(alwaysFailing as never, 'bus', { sleep: async () => {}, maxAttempts: 3 });
    await expect(giving.publish([event('x')])).rejects.toThrow(/refused 1 of 1 events \(InternalFailure\)/);
  });
});
