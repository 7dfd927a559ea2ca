/**
 * Which leases a runtime takes, decided from what it read (pure, beside the poller that acts on
 * it): the lineage rule (a child shard only once its parent was read to its end), expiry judged
 * by this runtime's own clock, and a fair share of the readable shards.
 */
import type { LeaseItem } from './streamLeases';

/**
 * Expiry without comparing clocks, as the Kinesis Client Library judges it: a lease is expired
 * once its counter has stayed the same for a lease's duration of this runtime's time since it
 * was first seen at that value. A runtime that starts therefore waits one duration before it
 * takes a lease whose owner died; a live owner raises the counter every renewal.
 */
export class LeaseObserver {
  private readonly seen = new Map<string, { counter: number; since: number }>();

  constructor(private readonly durationMs: number) {}

  /** Notes the counters read at `now`; leases no longer listed are forgotten. */
  observe(items: readonly LeaseItem[], now: number): void {
    const listed = new Set<string>();
    for (const item of items) {
      listed.add(item.sk);
      const before = this.seen.get(item.sk);
      if (before?.counter !== item.leaseCounter) this.seen.set(item.sk, { counter: item.leaseCounter, since: now });
    }
    for (const shardId of this.seen.keys()) if (!listed.has(shardId)) this.seen.delete(shardId);
  }

  /** The owner of this lease has not renewed it for a whole duration, as far as this runtime saw. */
  expired(item: LeaseItem, now: number): boolean {
    const seen = this.seen.get(item.sk);
    return seen !== undefined && seen.counter === item.leaseCounter && now - seen.since >= this.durationMs;
  }
}

/**
 * The shards that may be read now: in the stream, not finished, and either without a parent, or
 * with a parent that was read to its end (finished) or left the stream (trimmed: nothing of it
 * can be read any more). Records of one key move from a parent to its child when a shard splits,
 * so reading a child early would reorder them.
 */
export const readableLeases = (items: readonly LeaseItem[], shardsInStream: ReadonlySet<string>): LeaseItem[] => {
  const byShard = new Map(items.map((item) => [item.sk, item]));
  const parentDone = (item: LeaseItem) =>
    !item.parentShardId ||
    byShard.get(item.parentShardId)?.finished === true ||
    !shardsInStream.has(item.parentShardId);
  return items.filter((item) => shardsInStream.has(item.sk) && !item.finished && parentDone(item));
};

export interface TakePlanInput {
  items: readonly LeaseItem[];
  shardsInStream: ReadonlySet<string>;
  /** This runtime. */
  owner: string;
  /** The shards this runtime reads now, and those whose last reader has not stopped yet. */
  reading: ReadonlySet<string>;
  expired: (item: LeaseItem) => boolean;
  /** The order candidates are tried in (random in the poller, so that racing runtimes spread). */
  order?: (items: LeaseItem[]) => LeaseItem[];
}

/**
 * The leases to try to take: free ones, expired ones, and this runtime's own that it no longer
 * reads, up to its fair share (the readable shards over the runtimes holding live leases, this one
 * included, rounded up). Live leases of others are never taken: the balance evens out as shards
 * close and their children are taken (DynamoDB rolls a stream's shards over every few hours).
 */
export const planTakes = (input: TakePlanInput): LeaseItem[] => {
  const readable = readableLeases(input.items, input.shardsInStream);
  const owners = new Set([input.owner]);
  for (const item of readable) {
    if (item.owner && item.owner !== input.owner && !input.expired(item)) owners.add(item.owner);
  }
  const share = Math.ceil(readable.length / owners.size);
  const mine = readable.filter((item) => input.reading.has(item.sk)).length;
  const candidates = readable.filter(
    (item) => !input.reading.has(item.sk) && (!item.owner || item.owner === input.owner || input.expired(item)),
  );
  return (input.order ?? ((items) => items))(candidates).slice(0, Math.max(0, share - mine));
};
