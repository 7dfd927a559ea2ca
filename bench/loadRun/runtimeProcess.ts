/**
 * The runtime under load, in its own process: `npm start`'s program (`local/main.ts`) started with
 * node directly (not through the tsx wrapper, whose child would be the real process), so that the
 * pid is the runtime's: its resident set is read from `/proc/<pid>/status` and its heap from inside
 * by the probe (`runtimeProbe.ts`) over the IPC channel.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { watchRuntimeOutput } from '../../test/support/localRuntimeProcess';
import type { ProbeReply, ProbeRequest } from './runtimeProbe';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const probe = fileURLToPath(new URL('./runtimeProbe.ts', import.meta.url));
const MB = 2 ** 20;

export interface MemorySample {
  /** Seconds since the load started (negative: before). */
  atS: number;
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
  /** Percent of the time since the previous sample that the runtime's event loop was busy. */
  eventLoopBusyPct: number;
}

export interface RuntimeChild {
  url: string;
  pid: number;
  /** Memory now; after a full garbage collection with `gc` (the heap that is really retained). */
  sample: (atS: number, options?: { gc?: boolean }) => Promise<MemorySample>;
  /** Peak resident set of the process so far (VmHWM), in MB. */
  peakRssMB: () => number;
  output: () => string;
  stop: () => Promise<number | null>;
}

const procStatusMB = (pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined => {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined; // not Linux: the probe's figure is used
  }
};

const round1 = (value: number) => Math.round(value * 10) / 10;

/** `cpuProfileDir`: write the runtime's CPU profile there when it stops (node --cpu-prof). */
export const startRuntimeChild = async (
  env: Record<string, string>,
  options: { cpuProfileDir?: string } = {},
): Promise<RuntimeChild> => {
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', ...profile, '--import', 'tsx', '--import', probe, 'local/main.ts'],
    {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const { url: listening, output } = watchRuntimeOutput(child, 60_000);
  const url = await listening;
  const pid = child.pid ?? 0;
  const waiting = new Map<number, (reply: ProbeReply) => void>();
  child.on('message', (reply: ProbeReply) => waiting.get(reply.id)?.(reply));
  let requests = 0;

  const sample = async (atS: number, options: { gc?: boolean } = {}): Promise<MemorySample> => {
    const request: ProbeRequest = { id: ++requests, gc: options.gc };
    const reply = await new Promise<ProbeReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the runtime did not answer the memory probe in 30 s')), 30_000);
      waiting.set(request.id, (answer) => {
        clearTimeout(timer);
        waiting.delete(request.id);
        resolve(answer);
      });
      child.send(request);
    });
    return {
      atS: round1(atS),
      rssMB: round1(procStatusMB(pid, 'VmRSS') ?? reply.memory.rss / MB),
      heapUsedMB: round1(reply.memory.heapUsed / MB),
      heapTotalMB: round1(reply.memory.heapTotal / MB),
      externalMB: round1(reply.memory.external / MB),
      eventLoopBusyPct: Math.round(reply.eventLoopUtilization * 100),
    };
  };

  return {
    url,
    pid,
    sample,
    peakRssMB: () => round1(procStatusMB(pid, 'VmHWM') ?? Number.NaN),
    output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
};
