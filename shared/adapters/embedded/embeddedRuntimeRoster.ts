import type { RuntimeRoster } from '#ports/runtimeRoster';

/** Leases in memory: for runtimes of one process (tests), and a runtime alone. */
export class EmbeddedRuntimeRoster implements RuntimeRoster {
  private readonly leases = new Map<string, number>();

  async beat(endpoint: string, aliveUntil: number): Promise<void> {
    this.leases.set(endpoint, aliveUntil);
  }

  async isAlive(endpoint: string, now: number): Promise<boolean> {
    return (this.leases.get(endpoint) ?? 0) > now;
  }

  async leave(endpoint: string): Promise<void> {
    this.leases.delete(endpoint);
  }
}
