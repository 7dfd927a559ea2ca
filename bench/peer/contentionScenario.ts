/**
 * 20 writers at once on one aggregate, in process: Cairn with one instance (its writers queue in
 * the aggregate's lane) and with one instance per writer (as 20 Lambda instances would race),
 * Castore's default Command (3 attempts, no delay), and Castore with a retry loop as Cairn's (its
 * attempts and backoff), so that what Cairn gains is not merely that it tries more often. The
 * variants take turns per round.
 */
import { backoffDelay, defaultRetryPolicy } from '#application/retryPolicy';
import type { Row } from '../report';
import { median, percentile, round } from '../stats';
import { difference, type MeterReading, totalRequests } from './capacity';
import type { CastoreRetry } from './castoreCounter';
import { perCommand, ratio } from './ratios';
import { type Counter, failedAttempts, type PeerSystems, type System } from './systems';

/** How hard and how often the aggregate is contended; the HTTP run takes the same. */
export interface ContentionShape {
  writers: number;
  rounds: number;
}

export const contentionShape = (quick: boolean): ContentionShape => ({ writers: 20, rounds: quick ? 2 : 5 });

interface Variant {
  name: string;
  system: System;
  open: () => Counter;
  /** Each writer gets its own instance (a Lambda instance each: cold, no shared lane or cache). */
  perWriter?: boolean;
}

/** One variant's outcome over all its rounds. */
interface Tally {
  completed: number;
  failed: number;
  /** Handler/decide runs, of completed and failed commands alike. */
  attempts: number;
  maxAttempts: number;
  /** Per round: from the first command sent to the last answered. */
  wallMs: number[];
  /** Per completed command. */
  latencies: number[];
  /** Per round. */
  cost: MeterReading[];
}

const emptyTally = (): Tally => ({
  completed: 0,
  failed: 0,
  attempts: 0,
  maxAttempts: 0,
  wallMs: [],
  latencies: [],
  cost: [],
});

/** One round: a new aggregate of 10 events, one unmeasured command, then `writers` at once. */
const contendOnce = async (variant: Variant, tally: Tally, id: string, writers: number, key: () => string) => {
  await variant.system.prepare(id, 10);
  const counter = variant.open();
  await counter.increment(id, key());
  const before = variant.system.meter.read();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const writer = variant.perWriter ? variant.open() : counter;
      const sent = performance.now();
      try {
        const attempts = await writer.increment(id, key());
        tally.completed++;
        tally.attempts += attempts;
        tally.maxAttempts = Math.max(tally.maxAttempts, attempts);
        tally.latencies.push(performance.now() - sent);
      } catch (error) {
        tally.failed++;
        tally.attempts += failedAttempts(error);
        tally.maxAttempts = Math.max(tally.maxAttempts, failedAttempts(error));
      }
    }),
  );
  tally.wallMs.push(performance.now() - started);
  tally.cost.push(difference(variant.system.meter.read(), before));
};

const contentionRow = (variant: Variant, tally: Tally, { writers, rounds }: ContentionShape): Row => {
  const requests = tally.cost.reduce((sum, reading) => sum + totalRequests(reading), 0);
  // Requests that threw: under contention, the conditional writes that lost the race.
  const conditionalFailures = tally.cost.reduce(
    (sum, reading) => sum + Object.values(reading.byOperation).reduce((s, count) => s + count.failed, 0),
    0,
  );
  return {
    variant: variant.name,
    rounds,
    writers,
    completed: `${tally.completed}/${writers * rounds}`,
    failed: tally.failed,
    attemptsPerSuccess: tally.completed === 0 ? '-' : round(tally.attempts / tally.completed, 2),
    maxAttempts: tally.maxAttempts,
    wallMs: round(median(tally.wallMs), 0),
    p50Ms: round(percentile(tally.latencies, 50), 1),
    p99Ms: round(percentile(tally.latencies, 99), 1),
    requestsPerCommand: perCommand(requests, writers * rounds),
    failedRequests: conditionalFailures,
  };
};

/** Cairn's tally ÷ another variant's, in the columns where a ratio means something. */
const contentionRatio = (label: string, cairn: Tally | undefined, other: Tally | undefined): Row => {
  if (!cairn || !other) return { variant: label };
  const perSuccess = (t: Tally) => (t.completed === 0 ? Number.NaN : t.attempts / t.completed);
  return {
    variant: label,
    attemptsPerSuccess: ratio(perSuccess(cairn), perSuccess(other)),
    wallMs: ratio(median(cairn.wallMs), median(other.wallMs)),
    p50Ms: ratio(percentile(cairn.latencies, 50), percentile(other.latencies, 50)),
    p99Ms: ratio(percentile(cairn.latencies, 99), percentile(other.latencies, 99)),
  };
};

export const contentionScenario = async (peer: PeerSystems, shape: ContentionShape): Promise<Row[]> => {
  console.log('  peer: contention');
  const retryLoop: CastoreRetry = {
    maxAttempts: defaultRetryPolicy.maxAttempts,
    delayMs: (attempt) => backoffDelay(defaultRetryPolicy, attempt, Math.random),
  };
  const variants: Variant[] = [
    { name: 'cairn, one instance (its writers take turns)', system: peer.cairn, open: peer.cairn.open },
    { name: 'cairn, one instance per writer (as Lambda)', system: peer.cairn, open: peer.cairn.open, perWriter: true },
    { name: 'castore (default Command: 3 attempts, no delay)', system: peer.castore, open: () => peer.openCastore() },
    {
      name: `castore + retry loop (${retryLoop.maxAttempts} attempts, Cairn's backoff)`,
      system: peer.castore,
      open: () => peer.openCastore(retryLoop),
    },
  ];
  const tallies = variants.map(() => emptyTally());
  for (let r = 0; r < shape.rounds; r++) {
    const order = variants.map((_, v) => (v + r) % variants.length);
    for (const v of order) {
      const variant = variants[v];
      const tally = tallies[v];
      if (!variant || !tally) continue;
      await contendOnce(variant, tally, `${peer.stamp}-hot-${v}-${r}`, shape.writers, peer.key);
    }
  }
  const contention = variants.map((variant, v) => contentionRow(variant, tallies[v] ?? emptyTally(), shape));
  contention.push(contentionRatio('ratio Cairn (one instance) ÷ Castore + retry loop', tallies[0], tallies[3]));
  contention.push(contentionRatio('ratio Cairn (instance per writer) ÷ Castore + retry loop', tallies[1], tallies[3]));
  contention.push(contentionRatio('ratio Cairn (instance per writer) ÷ Castore default', tallies[1], tallies[2]));
  return contention;
};
