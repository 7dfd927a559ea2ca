import { describe, expect, it } from 'vitest';
import { LeaseObserver, planTakes, readableLeases } from '../../local/leasePlan';
import type { LeaseItem } from '../../local/streamLeases';

const lease = (shardId: string, fields: Partial<LeaseItem> = {}): LeaseItem => ({
  pk: 'arn:stream',
  sk: shardId,
  leaseCounter: 0,
  ...fields,
});
const ids = (items: LeaseItem[]) => items.map((item) => item.sk);
const never = () => false;

describe('shard lineage: a child shard is read only once its parent is finished', () => {
  // s1 split into s2 and s3; s2 closed and split into s4.
  const shards = new Set(['s1', 's2', 's3', 's4']);
  const family = (finished: string[]) => [
    lease('s1', { finished: finished.includes('s1') }),
    lease('s2', { parentShardId: 's1', finished: finished.includes('s2') }),
    lease('s3', { parentShardId: 's1' }),
    lease('s4', { parentShardId: 's2' }),
  ];

  it('reads the parent first, then its children, then theirs', () => {
    expect(ids(readableLeases(family([]), shards))).toEqual(['s1']);
    expect(ids(readableLeases(family(['s1']), shards))).toEqual(['s2', 's3']);
    expect(ids(readableLeases(family(['s1', 's2']), shards))).toEqual(['s3', 's4']);
  });

  it('reads a child whose parent left the stream (trimmed after 24 hours), finished or not', () => {
    const items = [lease('s2', { parentShardId: 's1' }), lease('s3', { parentShardId: 'gone' })];
    expect(ids(readableLeases(items, new Set(['s2', 's3'])))).toEqual(['s2', 's3']);
  });

  it('waits for a parent still in the stream whose lease is not created yet', () => {
    expect(ids(readableLeases([lease('s2', { parentShardId: 's1' })], shards))).toEqual([]);
  });

  it('never takes a child before its parent, whoever holds what', () => {
    const plan = planTakes({
      items: family([]),
      shardsInStream: shards,
      owner: 'me',
      reading: new Set(),
      expired: never,
    });
    expect(ids(plan)).toEqual(['s1']);
  });
});

describe('which leases a runtime takes', () => {
  const shards = new Set(['a', 'b', 'c', 'd']);
  const base = { shardsInStream: shards, owner: 'me', reading: new Set<string>(), expired: never };

  it('takes every free lease when no other runtime holds one', () => {
    expect(ids(planTakes({ ...base, items: ['a', 'b', 'c', 'd'].map((id) => lease(id)) }))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('takes its fair share beside live owners, and never a live lease of another', () => {
    const items = [lease('a', { owner: 'other' }), lease('b'), lease('c'), lease('d')];
    expect(ids(planTakes({ ...base, items }))).toEqual(['b', 'c']); // 4 shards over 2 runtimes
    const three = [lease('a', { owner: 'x' }), lease('b', { owner: 'y' }), lease('c'), lease('d')];
    expect(ids(planTakes({ ...base, items: three }))).toEqual(['c', 'd']); // ceil(4 / 3) = 2
    const full = ['a', 'b', 'c', 'd'].map((id) => lease(id, { owner: 'other' }));
    expect(planTakes({ ...base, items: full })).toEqual([]);
  });

  it('counts what it reads already against its share', () => {
    const items = [lease('a', { owner: 'me' }), lease('b', { owner: 'other' }), lease('c'), lease('d')];
    expect(ids(planTakes({ ...base, items, reading: new Set(['a']) }))).toEqual(['c']);
  });

  it('takes expired leases, and its own lease that it no longer reads, but not one it reads', () => {
    const items = [lease('a', { owner: 'dead' }), lease('b', { owner: 'me' }), lease('c', { owner: 'me' })];
    const expired = (item: LeaseItem) => item.owner === 'dead';
    const plan = planTakes({
      ...base,
      shardsInStream: new Set(['a', 'b', 'c']),
      items,
      expired,
      reading: new Set(['c']),
    });
    expect(ids(plan)).toEqual(['a', 'b']);
  });

  it('skips finished leases and leases of shards no longer in the stream', () => {
    const items = [lease('a', { finished: true }), lease('z'), lease('b')];
    expect(ids(planTakes({ ...base, items }))).toEqual(['b']);
  });
});

describe('expiry, judged by this runtime clock: a counter unchanged for a lease duration', () => {
  it('expires a lease only after its counter stayed the same for the whole duration since first seen', () => {
    const observer = new LeaseObserver(10_000);
    const held = lease('a', { owner: 'other', leaseCounter: 7 });
    observer.observe([held], 1_000);
    expect(observer.expired(held, 10_999)).toBe(false);
    expect(observer.expired(held, 11_000)).toBe(true);
  });

  it('starts over when the owner renews (the counter moves)', () => {
    const observer = new LeaseObserver(10_000);
    observer.observe([lease('a', { owner: 'other', leaseCounter: 7 })], 0);
    const renewed = lease('a', { owner: 'other', leaseCounter: 8 });
    observer.observe([renewed], 9_000);
    expect(observer.expired(renewed, 12_000)).toBe(false);
    expect(observer.expired(renewed, 19_000)).toBe(true);
  });

  it('never expires a lease it has not seen, nor one seen at another counter than the one asked about', () => {
    const observer = new LeaseObserver(10_000);
    expect(observer.expired(lease('a', { leaseCounter: 1 }), 1e12)).toBe(false);
    observer.observe([lease('a', { leaseCounter: 1 })], 0);
    expect(observer.expired(lease('a', { leaseCounter: 2 }), 1e12)).toBe(false);
  });

  it('forgets leases no longer listed', () => {
    const observer = new LeaseObserver(10_000);
    observer.observe([lease('a', { leaseCounter: 1 })], 0);
    observer.observe([], 1);
    observer.observe([lease('a', { leaseCounter: 1 })], 5_000);
    expect(observer.expired(lease('a', { leaseCounter: 1 }), 12_000)).toBe(false);
  });
});
