/**
 * A closed-loop load driver: `concurrency` workers each run the next operation as soon as their
 * previous one ends, until `total` operations are done. Returns each operation's latency and the
 * wall time, so throughput is total / wall time.
 */
export interface LoadRun<T> {
  latenciesMs: number[];
  results: T[];
  elapsedMs: number;
  perSecond: number;
}

export const runLoad = async <T>(
  total: number,
  concurrency: number,
  operation: (index: number) => Promise<T>,
): Promise<LoadRun<T>> => {
  const latenciesMs: number[] = [];
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const started = performance.now();
      results[index] = await operation(index);
      latenciesMs.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const elapsedMs = performance.now() - started;
  return { latenciesMs, results, elapsedMs, perSecond: (total * 1000) / elapsedMs };
};

/**
 * The same closed loop for a fixed time instead of a count: each worker starts its next operation
 * until `durationMs` has passed since the start, then the run waits for the operations in flight.
 * With `perSecond`, operation n starts no earlier than n / perSecond seconds after the start (a
 * paced load: at most that rate, fewer if the workers are all busy).
 */
export const runFor = async (
  durationMs: number,
  concurrency: number,
  operation: (index: number) => Promise<void>,
  perSecond?: number,
): Promise<{ operations: number; elapsedMs: number }> => {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() - started < durationMs) {
      const index = next++;
      const wait = perSecond ? started + (index * 1000) / perSecond - performance.now() : 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (performance.now() - started >= durationMs) break;
      await operation(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { operations: next, elapsedMs: performance.now() - started };
};
