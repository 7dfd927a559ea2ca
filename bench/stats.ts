/** Order statistics for latency samples. Medians and tails, never means of latencies. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
};

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export const round = (value: number, digits = 2): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
}

export const summarize = (latenciesMs: readonly number[]): LatencySummary => ({
  count: latenciesMs.length,
  p50Ms: round(percentile(latenciesMs, 50)),
  p99Ms: round(percentile(latenciesMs, 99)),
});
