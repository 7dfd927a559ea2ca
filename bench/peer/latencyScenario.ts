/**
 * Command latency on aggregates of 10, 1,000 and 10,000 prior events, warm and cold, with the
 * requests and RCU each command took. On the larger aggregates a first cold phase runs before
 * Cairn has a snapshot, to show what the snapshot saves.
 */
import type { Row } from '../report';
import { percentile, round } from '../stats';
import { totalRequests } from './capacity';
import { type LaneResult, prepareAll, runLanes } from './lanes';
import { perCommand, ratio } from './ratios';
import type { PeerSystems } from './systems';

/** Commands per phase: fewer on the larger aggregates, whose commands (Castore's) take longer. */
const latencyPlan = (priorEvents: number, quick: boolean) => {
  if (priorEvents >= 10_000) return { warm: quick ? 10 : 50, cold: quick ? 5 : 20, noSnapshot: quick ? 3 : 10 };
  if (priorEvents >= 1000) return { warm: quick ? 30 : 100, cold: quick ? 15 : 50, noSnapshot: quick ? 10 : 30 };
  return { warm: quick ? 50 : 200, cold: quick ? 30 : 200, noSnapshot: 0 };
};

const latencyRow = (priorEvents: number, mode: string, result: LaneResult): Row => {
  const [cairnMs, castoreMs] = result.latencies;
  const [cairnCost, castoreCost] = result.cost;
  const p = (samples: number[], q: number) => round(percentile(samples, q));
  return {
    priorEvents,
    mode,
    samples: result.commands,
    cairnP50Ms: p(cairnMs, 50),
    cairnP99Ms: p(cairnMs, 99),
    castoreP50Ms: p(castoreMs, 50),
    castoreP99Ms: p(castoreMs, 99),
    p50Ratio: ratio(percentile(cairnMs, 50), percentile(castoreMs, 50)),
    p99Ratio: ratio(percentile(cairnMs, 99), percentile(castoreMs, 99)),
    cairnRequests: perCommand(totalRequests(cairnCost), result.commands),
    castoreRequests: perCommand(totalRequests(castoreCost), result.commands),
    cairnRcu: perCommand(cairnCost.rcu, result.commands),
    castoreRcu: perCommand(castoreCost.rcu, result.commands),
  };
};

export const latencyScenario = async (peer: PeerSystems, quick: boolean): Promise<Row[]> => {
  const { stamp, pair: systems, key } = peer;
  const latency: Row[] = [];
  for (const priorEvents of [10, 1000, 10_000]) {
    const plan = latencyPlan(priorEvents, quick);
    // Each aggregate takes at most a tenth more events (5 for the small ones) in the run.
    const perAggregate = Math.max(5, Math.floor(priorEvents / 10));
    const aggregates = (prefix: string, commands: number) =>
      Array.from({ length: Math.ceil(commands / perAggregate) }, (_, i) => `${stamp}-${prefix}${priorEvents}-${i}`);
    // Cold and warm on aggregates of their own: a cold writer would leave a warm cache stale.
    const coldIds = aggregates('cold', plan.cold + plan.noSnapshot);
    const warmIds = aggregates('warm', plan.warm);
    const started = performance.now();
    await prepareAll(systems, [...coldIds, ...warmIds], priorEvents);
    console.log(
      `  peer: ${coldIds.length + warmIds.length} aggregate(s) of ${priorEvents} events prepared in each system in ${Math.round(performance.now() - started)} ms`,
    );
    const phases: { mode: string; result: LaneResult | undefined }[] = [];
    if (plan.noSnapshot > 0) {
      const [result] = await runLanes(
        systems,
        [{ ids: coldIds, samples: plan.noSnapshot, warm: false, idempotencyKey: true }],
        key,
      );
      phases.push({ mode: 'cold, Cairn without snapshot', result });
    }
    // The snapshots Cairn's command pipeline would have written, at the last multiple of 100.
    const snapshotAt = Math.floor(priorEvents / 100) * 100;
    if (snapshotAt > 0) {
      const writer = peer.cairnCounter();
      for (const id of [...coldIds, ...warmIds]) await writer.putSnapshot(id, snapshotAt);
    }
    const [cold, warm] = await runLanes(
      systems,
      [
        { ids: coldIds, samples: plan.cold, warm: false, idempotencyKey: true },
        { ids: warmIds, samples: plan.warm, warm: true, idempotencyKey: true },
      ],
      key,
    );
    phases.push({ mode: 'cold', result: cold }, { mode: 'warm', result: warm });
    for (const { mode, result } of phases) if (result) latency.push(latencyRow(priorEvents, mode, result));
  }
  return latency;
};
