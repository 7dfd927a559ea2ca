/**
 * `npm run load [-- --duration 60 --sockets 1000 --lists 200 --concurrency 32 --rate 0 --mix create=0
 * --auth off|on --seed 1 --drain-timeout 180 --cpu-profile DIR]`: the local runtime (`npm start`'s program, in its own
 * process, embedded stores in a temporary directory) under sustained mixed traffic from a fixed
 * number of clients (`--rate`: at most that many operations per second; 0, the default: as fast as
 * they go) while many WebSocket connections stay subscribed to the views being changed. Prints, per
 * 10-s window and overall, commands/s, command latency, pushes/s and command-to-push lag; the
 * runtime's memory every 5 s; the heap that survives a full collection at the start, middle and end,
 * after the backlog drains and the sockets close, and in a fresh runtime on the same data (what the
 * stored data alone takes); and whether memory grows beyond that.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mintToken } from '#adapters/auth/hs256Tokens';
import { commandStatus, createList, sendCommand } from './http';
import { runFor, runLoad } from './load';
import { drain } from './loadRun/drain';
import { type MemorySample, type RuntimeChild, startRuntimeChild } from './loadRun/runtimeProcess';
import { assignSubscriptions, SocketFleet } from './loadRun/sockets';
import { growth, LIVE, type LiveHeap, memoryVerdict, windowRows } from './loadRun/summary';
import { type Kind, MIX, Workload } from './loadRun/workload';
import { printTable, type Row } from './report';
import { round } from './stats';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    sockets: { type: 'string', default: '1000' },
    lists: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '32' },
    auth: { type: 'string', default: 'off' },
    seed: { type: 'string', default: '1' },
    mix: { type: 'string', default: '' },
    'drain-timeout': { type: 'string', default: '180' },
    rate: { type: 'string', default: '0' },
    'cpu-profile': { type: 'string' },
  },
});
const durationS = Number(values.duration);
const socketCount = Number(values.sockets);
const concurrency = Number(values.concurrency);
const auth = values.auth === 'on';
const mix: Record<Kind, number> = { ...MIX };
for (const part of values.mix?.split(',').filter(Boolean) ?? []) {
  const [kind, weight] = part.split('=');
  if (!kind || !(kind in MIX) || !Number.isFinite(Number(weight))) throw new Error(`--mix: bad entry '${part}'`);
  mix[kind as Kind] = Number(weight);
}
const WINDOW_S = 10;
const SAMPLE_EVERY_S = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-load-'));
const secret = randomBytes(32).toString('hex');
// CAIRN_AUTH is set either way: `npm start` checks tokens unless it is off.
const runtimeEnv = { CAIRN_DATA_DIR: dataDir, CAIRN_CONTEXTS: 'default', CAIRN_AUTH: auth ? 'on' : 'off' };
const authEnv = { ...runtimeEnv, CAIRN_JWT_SECRET: secret };
const token = auth
  ? await mintToken(new TextEncoder().encode(secret), { subject: 'load', roles: { default: 'writer' } })
  : undefined;
const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
const tag = `load${Date.now().toString(36)}`;
const listIds = Array.from({ length: Number(values.lists) }, (_, i) => `${tag}-${i}`);

const dataFilesMB = () =>
  Object.fromEntries(
    readdirSync(dataDir)
      .filter((name) => name.endsWith('.jsonl'))
      .map((name) => [name, round(statSync(join(dataDir, name)).size / 2 ** 20, 1)]),
  );

const asyncStatuses = async (url: string, commandIds: readonly string[]) => {
  const statuses: Record<string, number> = {};
  await runLoad(commandIds.length, 16, async (i) => {
    const status = (await commandStatus(url, commandIds[i] ?? '', headers)) ?? 'missing';
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  return statuses;
};

/** The same data directory in a fresh runtime: the heap its stores need, with no traffic and no socket. */
const freshRuntimeHeap = async (): Promise<MemorySample | string> => {
  try {
    const fresh = await startRuntimeChild(authEnv);
    const sample = await fresh.sample(Number.NaN, { gc: true });
    await fresh.stop();
    return sample;
  } catch (error) {
    return `the runtime did not start again on this data: ${(error as Error).message.slice(0, 600)}`;
  }
};

const runtime: RuntimeChild = await startRuntimeChild(authEnv, { cpuProfileDir: values['cpu-profile'] });
try {
  console.log(
    `load run: ${durationS} s, ${socketCount} sockets, ${listIds.length} lists, ${concurrency} concurrent clients, ` +
      `${Number(values.rate) ? `at most ${values.rate} operations/s, ` : ''}auth ${auth ? 'on' : 'off'}; runtime pid ${runtime.pid} at ${runtime.url}, data in ${dataDir}`,
  );
  console.log(`mix (weights): ${JSON.stringify(mix)}`);
  await runLoad(listIds.length, 16, (i) => sendCommand(runtime.url, createList(listIds[i] ?? 'x'), headers));
  const fleet = new SocketFleet(assignSubscriptions(socketCount, listIds));
  const opening = performance.now();
  await fleet.open(runtime.url.replace(/^http/, 'ws').concat('/ws'), token);
  console.log(`${fleet.openCount} sockets open and subscribed in ${round((performance.now() - opening) / 1000, 1)} s`);

  const workload = new Workload(runtime.url, listIds, tag, headers, Number(values.seed), mix);
  const commandsBy = (atMs: number) =>
    workload.samples.filter((s) => s.ok && s.kind !== 'query' && s.endAtMs <= atMs).length;
  const live: LiveHeap[] = [];
  const liveHeap = async (label: string, atMs: number) => {
    try {
      const sample = await runtime.sample((atMs - startMs) / 1000, { gc: true });
      live.push({ label, commands: commandsBy(atMs), sample });
    } catch (error) {
      console.log(`  heap after GC, ${label}: ${(error as Error).message}`);
    }
  };
  let startMs = performance.now();
  await liveHeap(LIVE.start, startMs);
  const memory: MemorySample[] = [];
  fleet.startCounting();
  startMs = performance.now();
  const atS = () => (performance.now() - startMs) / 1000;
  memory.push(await runtime.sample(0));
  const sampler = setInterval(() => {
    void runtime.sample(atS()).then(
      (sample) => memory.push(sample),
      (error: Error) => console.log(`  memory sample at ${Math.round(atS())} s: ${error.message}`),
    );
  }, SAMPLE_EVERY_S * 1000);
  const middle = setTimeout(() => void liveHeap(LIVE.middle, performance.now()), (durationS * 1000) / 2);
  const run = await runFor(durationS * 1000, concurrency, workload.operation, Number(values.rate) || undefined);
  clearTimeout(middle);
  const endMs = performance.now();
  await liveHeap(LIVE.end, endMs);
  console.log(`${run.operations} operations in ${round(run.elapsedMs / 1000, 1)} s; draining the backlog`);

  const listsCreated = workload.samples.filter((s) => s.ok && s.kind === 'create').length;
  const timeoutS = Number(values['drain-timeout']);
  const drained = await drain({ url: runtime.url, headers, listIds, listsCreated, fleet, timeoutS });
  clearInterval(sampler);
  const drainedPushes = fleet.pushTimes.filter((at) => at > endMs).length;
  const statuses = await asyncStatuses(runtime.url, workload.asyncCommandIds);
  const openAtEnd = fleet.openCount;
  await liveHeap(drained.caughtUp ? LIVE.drained : LIVE.notDrained, performance.now());
  await fleet.close();
  await sleep(2000);
  await liveHeap(LIVE.closed, performance.now());
  const peakRssMB = runtime.peakRssMB();
  const files = dataFilesMB();
  await runtime.stop();
  const fresh = await freshRuntimeHeap();
  if (typeof fresh !== 'string') live.push({ label: LIVE.fresh, commands: commandsBy(endMs), sample: fresh });

  const loadMemory = memory.filter((sample) => sample.atS <= durationS + 1);
  const data = {
    startMs,
    endMs,
    durationS,
    windowS: WINDOW_S,
    samples: workload.samples,
    pushTimes: fleet.pushTimes,
    arrivals: fleet.arrivals,
    memory: loadMemory,
  };
  printTable(`Per ${WINDOW_S}-s window (latencies in ms; the runtime's memory at the window's end)`, windowRows(data));
  printTable(
    `Runtime memory every ${SAMPLE_EVERY_S} s (MB; eventLoopBusyPct: share of the interval its event loop was busy)`,
    memory.map((sample): Row => ({ phase: sample.atS <= durationS + 1 ? 'load' : 'drain', ...sample })),
  );
  printTable(
    'Heap after a full garbage collection (MB)',
    live.map(
      ({ label, commands, sample }): Row => ({
        when: label,
        commandsSoFar: commands,
        heapUsedMB: sample.heapUsedMB,
        rssMB: sample.rssMB,
      }),
    ),
  );
  const grew = growth(data, live);
  const counts = Object.fromEntries(
    Object.keys(mix).map((kind) => [kind, workload.samples.filter((s) => s.kind === kind).length]),
  );
  console.log(`
operations by kind: ${JSON.stringify(counts)}
growth, last third against middle third (medians of the 5-s samples): ${Number.isNaN(grew.rss.changePct) ? `too few samples (a run of ${3 * SAMPLE_EVERY_S} s or more has them)` : `RSS ${grew.rss.middleMB} → ${grew.rss.lastMB} MB (${grew.rss.changePct}%), heap used ${grew.heapUsed.middleMB} → ${grew.heapUsed.lastMB} MB (${grew.heapUsed.changePct}%)`}
heap kept per command acknowledged (after GC): first half ${grew.retainedBytesPerCommand.firstHalf} B, second half ${grew.retainedBytesPerCommand.secondHalf} B
memory: ${memoryVerdict(live, drained.caughtUp)}${typeof fresh === 'string' ? `; ${fresh}` : ''}
peak RSS ${peakRssMB} MB; data files (MB): ${JSON.stringify(files)}
event flow: ${drained.initialBacklog} events not yet projected when the load stopped; ${drained.caughtUp ? `caught up ${drained.seconds} s later` : `${drained.backlog} still not projected ${drained.seconds} s later (--drain-timeout)`} (${round((drained.initialBacklog - drained.backlog) / drained.seconds, 0)} events/s, ${drainedPushes} pushes); sockets without their view's last version: ${drained.socketsBehind}
async commands: ${workload.asyncCommandIds.length} accepted; status after the drain: ${JSON.stringify(statuses)}
sockets: ${openAtEnd} of ${socketCount} open at the end; socket errors: ${fleet.errors.length}${fleet.errors.length ? ` (first: ${fleet.errors[0]})` : ''}
failed operations: ${[...workload.errors].map(([message, count]) => `${count}× ${message}`).join('; ') || 'none'}`);
} catch (error) {
  console.log(`the load run failed; the runtime's output ends with:\n${runtime.output().slice(-3000)}`);
  throw error;
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
