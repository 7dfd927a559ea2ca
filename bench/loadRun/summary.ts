/** The load run's figures: per window and overall, and whether memory keeps growing. */
import type { Row } from '../report';
import { median, round } from '../stats';
import type { MemorySample } from './runtimeProcess';
import { type Arrival, pushLagMs } from './sockets';
import type { Kind, Sample } from './workload';

const SYNC: readonly Kind[] = ['create', 'add', 'complete', 'remove'];

const p = (values: number[], percentile: number) => {
  if (values.length === 0) return '-';
  const sorted = values.sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((percentile / 100) * sorted.length) - 1)] ?? Number.NaN, 1);
};

export interface RunData {
  startMs: number;
  /** When the last operation ended. */
  endMs: number;
  durationS: number;
  windowS: number;
  samples: readonly Sample[];
  pushTimes: readonly number[];
  arrivals: ReadonlyMap<string, Arrival[]>;
  memory: readonly MemorySample[];
}

const rowOf = (label: string, seconds: number, samples: readonly Sample[], pushes: number, data: RunData): Row => {
  const ok = samples.filter((sample) => sample.ok);
  const latency = (kinds: readonly Kind[]) =>
    ok.filter((sample) => kinds.includes(sample.kind)).map((sample) => sample.endAtMs - sample.sentAtMs);
  const watched = ok.filter((sample) => sample.listId && sample.version !== undefined);
  const lags = watched.flatMap((sample) => {
    if (!sample.listId || sample.version === undefined) return [];
    const lag = pushLagMs(data.arrivals.get(sample.listId), sample.version, sample.sentAtMs);
    return lag === undefined ? [] : [lag];
  });
  const commands = ok.filter((sample) => sample.kind !== 'query').length;
  const sync = latency(SYNC);
  const asyncAccepts = latency(['renameAsync']);
  const queries = latency(['query']);
  return {
    window: label,
    commandsPerS: round(commands / seconds, 0),
    syncP50Ms: p(sync, 50),
    syncP99Ms: p(sync, 99),
    asyncAcceptP99Ms: p(asyncAccepts, 99),
    queriesPerS: round(queries.length / seconds, 0),
    queryP99Ms: p(queries, 99),
    pushesPerS: round(pushes / seconds, 0),
    pushLagP50Ms: p(lags, 50),
    pushLagP99Ms: p(lags, 99),
    pushSeenPct: watched.length > 0 ? round((lags.length * 100) / watched.length, 1) : '-',
    errors: samples.length - ok.length,
  };
};

/** One row per window of `windowS` (operations that end after the duration count in the last one), then the whole run. */
export const windowRows = (data: RunData): Row[] => {
  const count = Math.max(1, Math.ceil(data.durationS / data.windowS));
  const windowOf = (atMs: number) =>
    Math.min(count - 1, Math.max(0, Math.floor((atMs - data.startMs) / 1000 / data.windowS)));
  const rows: Row[] = [];
  for (let w = 0; w < count; w++) {
    const from = w * data.windowS;
    const to = Math.min(data.durationS, from + data.windowS);
    const samples = data.samples.filter((sample) => windowOf(sample.endAtMs) === w);
    // Pushes after the load (while draining the backlog) belong to no window.
    const pushes = data.pushTimes.filter((at) => at <= data.endMs && windowOf(at) === w).length;
    const memory = [...data.memory].reverse().find((sample) => sample.atS <= to + 0.5);
    rows.push({
      ...rowOf(`${from}-${to} s`, to - from, samples, pushes, data),
      rssMB: memory?.rssMB ?? '-',
      heapUsedMB: memory?.heapUsedMB ?? '-',
    });
  }
  const last = data.memory.at(-1);
  rows.push({
    ...rowOf('all', data.durationS, data.samples, data.pushTimes.filter((at) => at <= data.endMs).length, data),
    rssMB: last?.rssMB ?? '-',
    heapUsedMB: last?.heapUsedMB ?? '-',
  });
  return rows;
};

/** When the heap is measured after a full collection. */
export const LIVE = {
  start: 'start (sockets open, before load)',
  middle: 'middle of the load',
  end: 'end of the load',
  drained: 'backlog drained, sockets open',
  notDrained: 'drain timed out, sockets open',
  closed: 'sockets closed',
  fresh: 'fresh runtime, same data',
} as const;

export interface LiveHeap {
  label: string;
  /** Commands that changed something, acknowledged so far. */
  commands: number;
  sample: MemorySample;
}

/**
 * Growth: the median of the samples in the last third against the middle third, and the heap that
 * survives a full collection per command acknowledged, in the first half against the second. The
 * embedded stores keep every event in memory, so the heap must grow with the data; what would be a
 * leak is growth beyond that, or growth per command that rises.
 */
export const growth = (data: RunData, live: readonly LiveHeap[]) => {
  const third = data.durationS / 3;
  const during = (from: number, to: number) => data.memory.filter((sample) => sample.atS >= from && sample.atS <= to);
  const middle = during(third, 2 * third);
  const last = during(2 * third, data.durationS + 1);
  const change = (field: 'rssMB' | 'heapUsedMB') => {
    const before = median(middle.map((sample) => sample[field]));
    const after = median(last.map((sample) => sample[field]));
    return {
      middleMB: round(before, 1),
      lastMB: round(after, 1),
      changePct: round(((after - before) / before) * 100, 1),
    };
  };
  const perCommand = (from: LiveHeap | undefined, to: LiveHeap | undefined) =>
    from && to && to.commands > from.commands
      ? Math.round(((to.sample.heapUsedMB - from.sample.heapUsedMB) * 2 ** 20) / (to.commands - from.commands))
      : Number.NaN;
  const at = (label: string) => live.find((heap) => heap.label === label);
  const [start, mid, end] = [at(LIVE.start), at(LIVE.middle), at(LIVE.end)];
  return {
    rss: change('rssMB'),
    heapUsed: change('heapUsedMB'),
    retainedBytesPerCommand: { firstHalf: perCommand(start, mid), secondHalf: perCommand(mid, end) },
  };
};

/**
 * The verdict on memory: after the backlog drained and the sockets closed, the heap should be what
 * the same data takes in a fresh runtime (the embedded stores hold all of it in memory), give or
 * take a little (compiled code, caches): here 10 MB or 20%, whichever is larger.
 */
export const memoryVerdict = (live: readonly LiveHeap[], drained: boolean): string => {
  const closed = live.find((heap) => heap.label === LIVE.closed)?.sample.heapUsedMB;
  const fresh = live.find((heap) => heap.label === LIVE.fresh)?.sample.heapUsedMB;
  if (closed === undefined || fresh === undefined) return 'no verdict: a heap measurement is missing';
  const excess = round(closed - fresh, 1);
  const allowed = Math.max(10, fresh * 0.2);
  const backlog = drained ? '' : ' (the backlog had not drained: the heap still held it)';
  return excess <= allowed
    ? `no growth beyond the data: ${closed} MB after the run against ${fresh} MB for the same data in a fresh runtime (${excess >= 0 ? '+' : ''}${excess} MB, within ±${round(allowed, 1)})`
    : `${excess} MB more heap after the run than the same data takes in a fresh runtime (${closed} against ${fresh} MB)${backlog}`;
};
