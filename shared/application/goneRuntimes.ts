/**
 * Prunes the connections of a runtime that is gone. A push to a connection whose runtime cannot be
 * reached makes that runtime a suspect; if its lease in the roster has run out (it stopped renewing
 * it: killed, or cut off), every connection recorded with its endpoint is removed, so that pushes
 * stop trying them. Its clients lost their sockets with it: they reconnect to another runtime and
 * resume from the versions they hold. A runtime that is alive but slow to answer is left alone.
 */
import type { ConnectionRegistry } from '#ports/connectionRegistry';
import type { RuntimeRoster } from '#ports/runtimeRoster';

/** A suspect is checked again no sooner than this: a burst of failed pushes costs one read a second. */
const RECHECK_MS = 1_000;

export class GoneRuntimes {
  private readonly checkedAt = new Map<string, number>();

  constructor(
    private readonly deps: {
      roster: RuntimeRoster;
      registry: ConnectionRegistry;
      now?: () => number;
      log?: (error: unknown) => void;
    },
  ) {}

  /** A push to `endpoint` failed: prunes its connections if its runtime is gone. Never throws. */
  suspect(endpoint: string): void {
    const now = this.deps.now?.() ?? Date.now();
    if (now - (this.checkedAt.get(endpoint) ?? Number.NEGATIVE_INFINITY) < RECHECK_MS) return;
    this.checkedAt.set(endpoint, now);
    if (this.checkedAt.size > 1000) this.checkedAt.delete(this.checkedAt.keys().next().value as string);
    this.prune(endpoint, now).catch((error: unknown) => this.deps.log?.(error));
  }

  /** Removes the connections of `endpoint` if its lease has run out; returns how many. */
  async prune(endpoint: string, now: number = this.deps.now?.() ?? Date.now()): Promise<number> {
    if (await this.deps.roster.isAlive(endpoint, now)) return 0;
    let pruned = 0;
    for await (const connectionId of this.deps.registry.connectionsAt(endpoint)) {
      await this.deps.registry.disconnect(connectionId);
      pruned += 1;
    }
    return pruned;
  }
}
