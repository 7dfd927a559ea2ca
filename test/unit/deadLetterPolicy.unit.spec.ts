/**
 * A poison event (its projection throws) is dead-lettered on its 3rd receive; a transient failure
 * (throttling, 5xx, timeouts, contention) says nothing about the event and gets one receive more.
 * (The fault-injection suite found an event dead-lettered by injected faults alone.)
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { isTransientFailure } from '#application/deadLetter';
import type { ProjectionService } from '#application/projectionService';
import { createProjectionWorker } from '#handlers/projectionWorker';
import type { OutgoingMessage } from '#ports/messageQueue';
import { ViewConflictError } from '#ports/readModelStore';
import { sqsEvent } from '../support/sqsEvents';
import { testDomain } from '../support/testDomain';

const body = {
  streamKey: 'default#todoList#l1',
  context: 'default',
  aggregateType: 'todoList',
  aggregateId: 'l1',
  version: 1,
  type: 'TodoListCreated',
  data: { title: 't' },
  committedAt: '2026-11-23T00:00:00.000Z',
};

const failingWith = (error: Error) => {
  const dead: OutgoingMessage[] = [];
  const worker = createProjectionWorker({
    service: { apply: async () => Promise.reject(error) } as unknown as ProjectionService,
    eventStore: new EmbeddedEventStore(),
    upcast: testDomain.upcast,
    deadLetters: { queue: { send: async (message) => void dead.push(message) }, maxReceiveCount: 3 },
  });
  const deliver = async (receiveCount: number) =>
    (await worker(sqsEvent([{ id: 'm1', group: body.streamKey, body, receiveCount }]))).batchItemFailures.length;
  return { dead, deliver };
};

const throttled = Object.assign(new Error('Rate exceeded'), {
  name: 'ProvisionedThroughputExceededException',
  $retryable: { throttling: true },
  $metadata: { httpStatusCode: 400 },
});

describe('dead-lettering in the projection worker', () => {
  it('tells transient failures from failures of the event', () => {
    expect(isTransientFailure(throttled)).toBe(true);
    expect(
      isTransientFailure(Object.assign(new Error('x'), { $fault: 'server', $metadata: { httpStatusCode: 503 } })),
    ).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe(true);
    expect(isTransientFailure(new ViewConflictError('todoLists', 'all', 3))).toBe(true);
    expect(isTransientFailure(new TypeError("Cannot read properties of undefined (reading 'todos')"))).toBe(false);
    expect(isTransientFailure(Object.assign(new Error('bad'), { name: 'ValidationException', $fault: 'client' }))).toBe(
      false,
    );
  });

  it('dead-letters a poison event on its 3rd receive, a throttled one only on its 4th', async () => {
    const poison = failingWith(new TypeError('projection bug'));
    expect(await poison.deliver(2)).toBe(1);
    expect(await poison.deliver(3)).toBe(0);
    expect(poison.dead).toHaveLength(1);

    const busy = failingWith(throttled);
    expect(await busy.deliver(3)).toBe(1);
    expect(busy.dead).toHaveLength(0);
    expect(await busy.deliver(4)).toBe(0);
    expect(JSON.parse(busy.dead[0]?.body ?? '{}').reason).toMatch(/ProvisionedThroughputExceededException/);
  });
});
