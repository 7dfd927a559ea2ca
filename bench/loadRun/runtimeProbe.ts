/**
 * Loaded into the runtime's process with `--import` (the load run starts it): answers the parent's
 * requests over the IPC channel with `process.memoryUsage()` and the event loop's utilization since
 * the previous answer, after a full garbage collection when asked (needs `--expose-gc`). It adds no
 * timer and no allocation while idle, so the runtime runs as `npm start` runs it.
 */
import { performance } from 'node:perf_hooks';

export interface ProbeRequest {
  id: number;
  gc?: boolean;
}

export interface ProbeReply {
  id: number;
  memory: NodeJS.MemoryUsage;
  /** Share of the time since the previous reply that the event loop was busy (0..1). */
  eventLoopUtilization: number;
}

let since = performance.eventLoopUtilization();
process.on('message', (request: ProbeRequest) => {
  if (request.gc) {
    // Twice: objects kept alive by finalizers or weak references of the first pass go in the second.
    globalThis.gc?.();
    globalThis.gc?.();
  }
  const utilization = performance.eventLoopUtilization(since).utilization;
  since = performance.eventLoopUtilization();
  const reply: ProbeReply = { id: request.id, memory: process.memoryUsage(), eventLoopUtilization: utilization };
  process.send?.(reply);
});
// The channel must not keep the process alive on its own: the runtime decides when it exits.
process.channel?.unref();
