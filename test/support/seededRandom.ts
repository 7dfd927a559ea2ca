/**
 * mulberry32: a small seeded generator (uniform in [0, 1)), so that a failing randomized run can
 * be replayed from its seed. One generator per concern (history, SDK faults, delivery faults),
 * each derived from the run's seed, so that changing how often one concern draws leaves the
 * others' sequences alone.
 */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** The seed of a run: `FAULT_SEED` to replay one, otherwise a fresh one (printed by the caller). */
export const runSeed = (env: NodeJS.ProcessEnv = process.env): number => {
  const given = env.FAULT_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed)) throw new Error(`FAULT_SEED must be an integer, got '${given}'`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
};
