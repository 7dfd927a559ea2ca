import type { LoadedAggregate } from './aggregateLoader';

/**
 * The aggregates this instance has handled, as they were after its last commit, so that the next
 * command on a warm aggregate is decided without a read. Safe because staleness cannot commit: a
 * state cached at version v writes its commit at base v, which the store refuses if another
 * writer took it; the retry then catches up with one read. Bounded (least recently used go), and
 * never shared across instances. Cached states are not copied: deciders are pure and do not
 * mutate the state they are given.
 */
export class AggregateCache {
  private readonly entries = new Map<string, LoadedAggregate>();

  constructor(private readonly maxEntries = 1000) {}

  get(streamKey: string): LoadedAggregate | undefined {
    const entry = this.entries.get(streamKey);
    if (!entry) return undefined;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
    this.entries.delete(streamKey);
    this.entries.set(streamKey, entry);
    return entry;
  }

  set(streamKey: string, aggregate: LoadedAggregate): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(streamKey);
    this.entries.set(streamKey, aggregate);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(streamKey: string): void {
    this.entries.delete(streamKey);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
