/**
 * Async commands: `Prefer: respond-async` enqueues to the FIFO queue, the in-process worker runs
 * them. Throughput is commands per second from the first send until every command has succeeded.
 */
import { commandStatus, createList, renameList, sendCommand } from '../http';
import { runLoad } from '../load';
import { round, summarize } from '../stats';
import type { Target } from '../targets';

const async = { Prefer: 'respond-async' };

export const asyncThroughput = async (target: Target, total: number, aggregates: number, tag: string) => {
  const ids = Array.from({ length: aggregates }, (_, i) => `${tag}-async-${i}`);
  for (const id of ids) await sendCommand(target.url, createList(id));
  const started = performance.now();
  const sent = await runLoad(total, 16, (i) =>
    sendCommand(target.url, renameList(ids[i % aggregates] ?? 'x', i), async),
  );
  // The last command sent to each group finishes last in that group (FIFO order).
  const lastOfGroup = ids.map((_, g) => sent.results[total - aggregates + g]?.body.commandId ?? '');
  const deadline = Date.now() + 120_000;
  const pending = new Set(lastOfGroup);
  while (pending.size > 0 && Date.now() < deadline) {
    for (const commandId of [...pending]) {
      if ((await commandStatus(target.url, commandId)) === 'succeeded') pending.delete(commandId);
    }
    if (pending.size > 0) await new Promise((done) => setTimeout(done, 5));
  }
  if (pending.size > 0) throw new Error(`${pending.size} async commands did not finish within 120 s`);
  const elapsedMs = performance.now() - started;
  return {
    commands: total,
    aggregates,
    acceptLatency: summarize(sent.latenciesMs),
    perSecond: round((total * 1000) / elapsedMs, 0),
  };
};
