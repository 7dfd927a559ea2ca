/** The cost of contention: many writers at once on one aggregate, none naming a version. */
import { createList, renameList, sendCommand } from '../http';
import { round, summarize } from '../stats';
import type { Target } from '../targets';

export const contention = async (target: Target, writers: number, rounds: number, tag: string) => {
  const latencies: number[] = [];
  const attempts: number[] = [];
  let elapsedMs = 0;
  let resends = 0;
  for (let r = 0; r < rounds; r++) {
    const id = `${tag}-hot-${r}`;
    await sendCommand(target.url, createList(id));
    const started = performance.now();
    const replies = await Promise.all(
      Array.from({ length: writers }, async (_, i) => {
        const sent = performance.now();
        const reply = await sendCommand(target.url, renameList(id, i));
        latencies.push(performance.now() - sent);
        return reply;
      }),
    );
    elapsedMs += performance.now() - started;
    for (const reply of replies) attempts.push(reply.attempts);
    resends += replies.reduce((sum, reply) => sum + reply.clientRetries, 0);
  }
  const retries = attempts.map((count) => count - 1);
  return {
    writers,
    rounds,
    ...summarize(latencies),
    retriesPerCommand: round(retries.reduce((a, b) => a + b, 0) / retries.length),
    maxAttempts: Math.max(...attempts),
    clientResends: resends,
    perSecond: round((writers * rounds * 1000) / elapsedMs, 0),
  };
};
