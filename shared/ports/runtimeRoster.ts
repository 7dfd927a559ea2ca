/**
 * Which runtimes of a deployment are alive: each renews a lease on its management endpoint every
 * few seconds; one whose lease ran out is gone (killed, partitioned), and its connections can be
 * pruned by the others. In AWS there are no runtimes to track: API Gateway holds every socket.
 */
export interface RuntimeRoster {
  /** The runtime at `endpoint` is alive until `aliveUntil` (epoch ms). */
  beat(endpoint: string, aliveUntil: number): Promise<void>;
  /** Whether the runtime at `endpoint` holds a lease at `now`; false once it ran out, or if it never had one. */
  isAlive(endpoint: string, now: number): Promise<boolean>;
  /** A runtime that stops gracefully gives its lease up at once. */
  leave(endpoint: string): Promise<void>;
}
