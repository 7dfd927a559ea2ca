/** Sync commands over HTTP: latency of one client, then throughput under load over 1/10/100 aggregates. */
import { createList, renameList, sendCommand } from '../http';
import { runLoad } from '../load';
import { round, summarize } from '../stats';
import type { Target } from '../targets';

export interface SyncOptions {
  latencyCommands: number;
  loadCommands: number;
  concurrency: number;
}

const perCommand = (before: Record<string, number>, after: Record<string, number>, commands: number) =>
  Object.fromEntries(
    Object.entries(after).map(([operation, count]) => [
      operation,
      round((count - (before[operation] ?? 0)) / commands),
    ]),
  );

export const syncLatency = async (target: Target, options: SyncOptions, tag: string) => {
  const ids = Array.from({ length: 10 }, (_, i) => `${tag}-lat-${i}`);
  const beforeCreate = target.requests();
  for (const id of ids) await sendCommand(target.url, createList(id));
  const afterCreate = target.requests();
  const run = await runLoad(options.latencyCommands, 1, (i) =>
    sendCommand(target.url, renameList(ids[i % ids.length] ?? 'x', i)),
  );
  const afterRun = target.requests();
  // Without an Idempotency-Key the server generates the id and skips the ledger read.
  const unkeyed = 20;
  for (let i = 0; i < unkeyed; i++) {
    await sendCommand(target.url, renameList(ids[i % ids.length] ?? 'x', i), {}, { idempotencyKey: false });
  }
  return {
    ...summarize(run.latenciesMs),
    perSecond: round(run.perSecond, 0),
    dynamoRequestsPerCreate: perCommand(beforeCreate, afterCreate, ids.length),
    dynamoRequestsPerCommand: perCommand(afterCreate, afterRun, options.latencyCommands),
    dynamoRequestsPerUnkeyedCommand: perCommand(afterRun, target.requests(), unkeyed),
  };
};

export const syncThroughput = async (target: Target, options: SyncOptions, aggregates: number, tag: string) => {
  const ids = Array.from({ length: aggregates }, (_, i) => `${tag}-load${aggregates}-${i}`);
  await runLoad(ids.length, options.concurrency, (i) => sendCommand(target.url, createList(ids[i] ?? 'x')));
  const before = target.requests();
  const run = await runLoad(options.loadCommands, options.concurrency, (i) =>
    sendCommand(target.url, renameList(ids[i % ids.length] ?? 'x', i)),
  );
  const retries = run.results.reduce((sum, reply) => sum + reply.attempts - 1, 0);
  return {
    aggregates,
    concurrency: options.concurrency,
    ...summarize(run.latenciesMs),
    perSecond: round(run.perSecond, 0),
    retriesPerCommand: round(retries / options.loadCommands),
    clientResends: run.results.reduce((sum, reply) => sum + reply.clientRetries, 0),
    dynamoRequestsPerCommand: perCommand(before, target.requests(), options.loadCommands),
  };
};
