/**
 * Commands of both systems interleaved A B B A …, so that drift on a noisy machine hits both
 * alike; the way the latency, cost and warm-up runs send theirs.
 */
import { runLoad } from '../load';
import { difference, emptyReading, type MeterReading, sumReadings } from './capacity';
import type { System } from './systems';

export interface Lane {
  /** The lane's own aggregates, sent to round-robin. */
  ids: readonly string[];
  samples: number;
  /** One kept instance per system (else a fresh one per command). */
  warm: boolean;
  /** A new Idempotency-Key per command (else none). */
  idempotencyKey: boolean;
}

export interface LaneResult {
  /** Milliseconds per command: Cairn's, Castore's. */
  latencies: [number[], number[]];
  /** Summed over the lane's commands: Cairn's, Castore's. */
  cost: [MeterReading, MeterReading];
  /** Commands per system. */
  commands: number;
}

/**
 * Commands on several lanes at once, interleaved: sample i runs each lane's i-th command (while it
 * has samples left), in each system, alternating which system goes first. A lane sends its
 * commands round-robin over its own aggregates; a warm lane keeps one instance per system, which
 * first sends one unmeasured command to each of its aggregates. Readings are taken around each
 * command (they run one at a time), so every lane's cost is its own.
 */
export const runLanes = async (
  systems: [System, System],
  lanes: readonly Lane[],
  key: () => string,
): Promise<LaneResult[]> => {
  const kept = lanes.map((lane) => (lane.warm ? systems.map((system) => system.open()) : undefined));
  for (const [l, lane] of lanes.entries()) {
    for (const id of lane.ids) for (const counter of kept[l] ?? []) await counter.increment(id, key());
  }
  const results: LaneResult[] = lanes.map(() => ({
    latencies: [[], []],
    cost: [emptyReading(), emptyReading()],
    commands: 0,
  }));
  const samples = Math.max(...lanes.map((lane) => lane.samples));
  for (let i = 0; i < samples; i++) {
    for (const [l, lane] of lanes.entries()) {
      const result = results[l];
      if (i >= lane.samples || !result) continue;
      const id = lane.ids[i % lane.ids.length] ?? '';
      for (const k of (i + l) % 2 === 0 ? [0, 1] : [1, 0]) {
        const system = systems[k];
        const counter = kept[l]?.[k] ?? system?.open();
        if (!system || !counter) throw new Error('no counter');
        const commandKey = lane.idempotencyKey ? key() : undefined;
        const before = system.meter.read();
        const started = performance.now();
        await counter.increment(id, commandKey);
        result.latencies[k]?.push(performance.now() - started);
        result.cost[k] = sumReadings([result.cost[k] ?? emptyReading(), difference(system.meter.read(), before)]);
      }
      result.commands++;
    }
  }
  return results;
};

/** `count` prior events on each of `ids`, in each system in turn, 4 aggregates at a time. */
export const prepareAll = async (systems: readonly System[], ids: readonly string[], count: number) => {
  for (const system of systems) await runLoad(ids.length, 4, (i) => system.prepare(ids[i] ?? '', count));
};
