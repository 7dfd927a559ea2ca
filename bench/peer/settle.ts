export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `requests()` has not changed for `quietMs` (the worker has nothing left to write);
 * returns when it last changed. Reads no DynamoDB, so it adds nothing to the counts.
 */
export const settle = async (requests: () => Record<string, number>, quietMs = 500, timeoutMs = 60_000) => {
  const started = performance.now();
  let last = JSON.stringify(requests());
  let changedAt = started;
  while (performance.now() - changedAt < quietMs && performance.now() - started < timeoutMs) {
    await sleep(10);
    const now = JSON.stringify(requests());
    if (now !== last) {
      last = now;
      changedAt = performance.now();
    }
  }
  return changedAt;
};
