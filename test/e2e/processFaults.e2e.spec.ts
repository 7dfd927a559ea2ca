/**
 * The sample processes under injected faults, in the local runtime on the embedded stores: the
 * process queue's deliveries duplicated (a copy arriving after later messages: reordered) and
 * crashing before their acknowledgement, the command queue's sends failing after the message went
 * out, the process store failing before a write and after it (a crash between the state write and
 * the acknowledgement), the scheduler failing after it scheduled or cancelled. Whatever the
 * faults: one `Inbox` list per user, one archive per list whose todos are all done, and none for
 * a list whose deadline was cancelled in time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { redriveDeadLetters } from '#application/deadLetterQueues';
import { createSampleDomain } from '#domain/index';
import type { DeadlineScheduler } from '#ports/deadlineScheduler';
import type { ReadModelStore } from '#ports/readModelStore';
import { embeddedAdapters, embeddedProjectionAdapters } from '#runtime/embeddedAdapters';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { FaultyDelivery } from '../support/faultyDelivery';
import { postJson } from '../support/localRuntimeProcess';
import { runSeed, seededRandom } from '../support/seededRandom';
import { until } from '../support/until';

const seed = runSeed();
const random = seededRandom(seed);
let faultsOn = false;
const counts = { storeBefore: 0, storeAfter: 0, scheduler: 0 };
const fail = (rate: number, kind: keyof typeof counts) => {
  if (!faultsOn || random() >= rate) return false;
  counts[kind] += 1;
  return true;
};

/** The process store: fails before a write, or after it (the write landed, its answer did not). */
const faultyStore = (inner: ReadModelStore): ReadModelStore => ({
  get: (...args) => inner.get(...args),
  list: (...args) => inner.list(...args),
  page: (...args) => inner.page(...args),
  changedSince: (...args) => inner.changedSince(...args),
  put: async (view, revision) => {
    if (fail(0.15, 'storeBefore')) throw new Error('injected: the process store is down');
    await inner.put(view, revision);
    if (fail(0.15, 'storeAfter')) throw new Error('injected: crashed after the state write');
  },
});

/** The scheduler: fails after it did what it was asked. */
const faultyScheduler = <S extends DeadlineScheduler & { start: () => void; stop: () => Promise<void> }>(inner: S) => ({
  start: () => inner.start(),
  stop: () => inner.stop(),
  schedule: async (deadline: Parameters<DeadlineScheduler['schedule']>[0]) => {
    await inner.schedule(deadline);
    if (fail(0.2, 'scheduler')) throw new Error('injected: crashed after scheduling');
  },
  cancel: async (name: string) => {
    await inner.cancel(name);
    if (fail(0.2, 'scheduler')) throw new Error('injected: crashed after cancelling');
  },
});

const rates = { duplicate: 0.2, reorder: 0.3, crashBeforeAck: 0.15, crashAfterSend: 0 };
let runtime: LocalRuntime;
let processDelivery: FaultyDelivery;
let deadLetters: EmbeddedFifoQueue;
let processQueue: EmbeddedFifoQueue;
let _redriven = 0;
let commandDelivery: FaultyDelivery;
beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-process-faults-'));
  const command = embeddedAdapters({ dataDir });
  const projection = embeddedProjectionAdapters({ dataDir });
  commandDelivery = new FaultyDelivery(command.commandQueue, command.commandQueue, random, {
    ...rates,
    duplicate: 0,
    crashBeforeAck: 0,
    crashAfterSend: 0.2,
  });
  processDelivery = new FaultyDelivery(projection.processQueue, projection.processQueue, random, rates);
  deadLetters = projection.processDeadLetters;
  processQueue = projection.processQueue;
  runtime = await startLocalRuntime({
    port: 0,
    domain: createSampleDomain({ archiveAfter: 'PT1S' }),
    adapters: { ...command, commandQueue: commandDelivery },
    projectionAdapters: {
      ...projection,
      processQueue: processDelivery,
      processes: faultyStore(projection.processes),
      deadlines: faultyScheduler(projection.deadlines),
    },
    log: (error) => {
      if (!String(error).includes('injected')) console.error('LOG', error);
    },
  });
});
afterAll(async () => {
  await runtime?.close();
});

const send = (type: string, aggregateId: string, payload: unknown) =>
  postJson(`${runtime.url}/v1/default/commands`, { type, aggregateId, payload });
const eventTypes = async (aggregateType: string, id: string): Promise<string[]> => {
  const response = await fetch(`${runtime.url}/v1/default/aggregates/${aggregateType}/${id}/events`);
  if (response.status !== 200) return [];
  return ((await response.json()) as { events: { type: string }[] }).events.map((event) => event.type);
};

describe(`processes under injected faults (FAULT_SEED=${seed})`, () => {
  it('send nothing twice and never fire a deadline cancelled in time', async () => {
    processDelivery.enabled = true;
    commandDelivery.enabled = true;
    faultsOn = true;
    const users = Array.from({ length: 8 }, (_, i) => `user-${i}`);
    const done = Array.from({ length: 6 }, (_, i) => `done-${i}`);
    const busy = Array.from({ length: 4 }, (_, i) => `busy-${i}`);
    for (const user of users) await send('RegisterUser', user, { name: user, email: `${user}@example.com` });
    for (const list of [...done, ...busy]) {
      await send('CreateTodoList', list, { title: list });
      await send('AddTodo', list, { todoId: 'a', text: 'a' });
      await send('CompleteTodo', list, { todoId: 'a' });
    }
    for (const list of busy) await send('ReopenTodo', list, { todoId: 'a' }); // well within the second
    const archivedOnce = async (list: string) =>
      (await eventTypes('todoList', list)).filter((type) => type === 'TodoListArchived').length === 1;
    // A message that failed on each of its allowed receives is dead-lettered with its error; the
    // operator redrives it (as `npx cairn dlq redrive --queue processes` does), and it counts once.
    const redrive = async () =>
      (await redriveDeadLetters(deadLetters, processQueue, undefined, { all: true })).redriven.length;
    await until(async () => {
      _redriven += await redrive();
      return (await Promise.all(done.map(archivedOnce))).every(Boolean);
    }, 45_000);
    for (const user of users) {
      await until(async () => {
        _redriven += await redrive();
        return (await eventTypes('todoList', `inbox-${user}`)).length === 1;
      }, 30_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // past every deadline, and any repeat
    faultsOn = false;
    for (const user of users) expect(await eventTypes('todoList', `inbox-${user}`)).toEqual(['TodoListCreated']);
    for (const list of done) {
      expect((await eventTypes('todoList', list)).filter((type) => type === 'TodoListArchived')).toHaveLength(1);
    }
    for (const list of busy) expect(await eventTypes('todoList', list)).not.toContain('TodoListArchived');
    // The faults happened: a run that injected none would prove nothing.
    expect(processDelivery.counts.duplicate).toBeGreaterThan(0);
    expect(processDelivery.counts.crashBeforeAck).toBeGreaterThan(0);
    expect(counts.storeAfter + counts.storeBefore).toBeGreaterThan(0);
  });
});
