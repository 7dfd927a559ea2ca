/**
 * Load time of one aggregate with 10, 1,000 and 10,000 events, from events alone and from the
 * newest snapshot (written every 100 events, as the command pipeline does) plus the events after it.
 */
import { fold, loadAggregate } from '#application/aggregateLoader';
import { erase } from '#core/aggregate';
import { todoListAggregate } from '#domain/todoList/index';
import type { NewEvent } from '#ports/eventStore';
import { runLoad } from '../load';
import { median, round } from '../stats';
import type { Target } from '../targets';

const eventAt = (version: number): NewEvent =>
  version === 1
    ? { type: 'TodoListCreated', data: { title: 'v1', createdAt: '2026-01-01T00:00:00.000Z' } }
    : { type: 'TodoListRenamed', data: { title: `title ${version}` } };

/** One event per commit, like one command each; distinct keys, so commits can be written in parallel. */
const populate = async (target: Target, streamKey: string, events: number) => {
  await runLoad(events, 16, async (i) => {
    const event = eventAt(i + 1);
    const commandId = `${streamKey}-${i}`;
    await target.adapters.eventStore.append({
      streamKey,
      expectedVersion: i,
      events: [event],
      commandId,
      fingerprint: commandId,
      committedAt: '2026-01-01T00:00:00.000Z',
    });
  });
  const snapshotVersion = Math.floor(events / todoListAggregate.snapshotEvery) * todoListAggregate.snapshotEvery;
  if (snapshotVersion === 0) return;
  const { events: history } = await target.adapters.eventStore.read(streamKey);
  const initial = todoListAggregate.decider.initialState();
  const { state } = fold(erase(todoListAggregate), initial, 0, history.slice(0, snapshotVersion));
  await target.adapters.snapshots.put({
    streamKey,
    version: snapshotVersion,
    schemaVersion: todoListAggregate.snapshotSchemaVersion,
    state,
  });
};

const timeLoads = async (target: Target, streamKey: string, withSnapshot: boolean, runs: number) => {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    const loaded = await loadAggregate(
      erase(todoListAggregate),
      streamKey,
      target.adapters.eventStore,
      withSnapshot ? target.adapters.snapshots : undefined,
    );
    times.push(performance.now() - started);
    if (r === 0 && loaded.version === 0) throw new Error(`${streamKey} did not load`);
  }
  return round(median(times));
};

export const aggregateLoad = async (target: Target, sizes: readonly number[], tag: string) => {
  const rows = [];
  for (const events of sizes) {
    const streamKey = `default#todoList#${tag}-long-${events}`;
    await populate(target, streamKey, events);
    const runs = events >= 10_000 ? 5 : 11;
    rows.push({
      events,
      withoutSnapshotMs: await timeLoads(target, streamKey, false, runs),
      withSnapshotMs: await timeLoads(target, streamKey, true, runs),
    });
  }
  return rows;
};
