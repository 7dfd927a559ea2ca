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
