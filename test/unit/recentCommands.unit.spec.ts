import { describe, expect, it } from 'vitest';
import { AggregateCache } from '#application/aggregateCache';
import { awaitCommand } from '#application/awaitCommand';
import { coversWindow, findRecent, noRecentCommands, RECENT_COMMANDS, withCommits } from '#application/recentCommands';
import type { CommandLedger, CommandRecord } from '#ports/commandLedger';
import type { Commit } from '#ports/eventStore';

const commit = (baseVersion: number, committedAt = '2026-12-01T00:00:00.000Z', withId = true): Commit => ({
  streamKey: 'default#todoList#l',
  baseVersion,
  events: [{ type: 'E', version: baseVersion + 1, schemaVersion: 1, data: {} }],
  committedAt,
  ...(withId && { commandId: `c${baseVersion}`, fingerprint: `f${baseVersion}` }),
});

describe('recent commands of an aggregate', () => {
  it('keeps the newest ones, oldest first, and vouches for the whole stream only until it drops one', () => {
    const some = withCommits(noRecentCommands(true), [commit(0), commit(1)]);
    expect(some.refs.map((ref) => ref.commandId)).toEqual(['c0', 'c1']);
    expect(some).toMatchObject({ complete: true });
    expect(findRecent(some, 'c1')).toMatchObject({ baseVersion: 1, lastVersion: 2, fingerprint: 'f1' });
    expect(findRecent(some, 'c9')).toBeUndefined();
    const many = withCommits(
      some,
      Array.from({ length: RECENT_COMMANDS }, (_, i) => commit(i + 2)),
    );
    expect(many.refs).toHaveLength(RECENT_COMMANDS);
    expect(many.refs[0]?.commandId).toBe('c2');
    expect(many.complete).toBe(false);
  });

  it('stops vouching for the stream at a commit without a fingerprint', () => {
    expect(withCommits(noRecentCommands(true), [commit(0, undefined, false), commit(1)])).toMatchObject({
      complete: false,
      refs: [{ commandId: 'c1' }],
    });
  });

  it('covers the idempotency window when complete, or when its oldest entry is older than the window', () => {
    const now = new Date('2026-12-10T00:00:00.000Z');
    const week = 7 * 24 * 3600;
    expect(coversWindow(noRecentCommands(true), now, week)).toBe(true);
    expect(coversWindow(noRecentCommands(false), now, week)).toBe(false);
    const old = {
      refs: withCommits(noRecentCommands(false), [commit(5, '2026-12-01T00:00:00.000Z')]).refs,
      complete: false,
    };
    expect(coversWindow(old, now, week)).toBe(true);
    const recent = { ...old, refs: withCommits(noRecentCommands(false), [commit(5, '2026-12-09T00:00:00.000Z')]).refs };
    expect(coversWindow(recent, now, week)).toBe(false);
  });
});

describe('aggregate cache', () => {
  it('keeps at most its bound, dropping the least recently used', () => {
    const cache = new AggregateCache(2);
    const aggregate = (version: number) => ({
      state: {},
      version,
      recent: noRecentCommands(true),
      eventsRead: 0,
      fromSnapshot: false,
    });
    cache.set('a', aggregate(1));
    cache.set('b', aggregate(1));
    cache.get('a');
    cache.set('c', aggregate(1));
    expect([cache.get('a')?.version, cache.get('b'), cache.get('c')?.version]).toEqual([1, undefined, 1]);
    expect(cache.size).toBe(2);
    const off = new AggregateCache(0);
    off.set('a', aggregate(1));
    expect(off.get('a')).toBeUndefined();
  });
});

describe('waiting for a queued command (Prefer: wait)', () => {
  const record = (status: CommandRecord['status']): CommandRecord => ({
    context: 'default',
    commandId: 'c',
    status,
    fingerprint: 'f',
    updatedAt: 'x',
    expiresAt: 0,
  });

  it('returns the terminal record as soon as it is there, and the accepted one when the wait is over', async () => {
    let reads = 0;
    const ledger = {
      get: async () => (++reads >= 3 ? record('succeeded') : record('accepted')),
    } as unknown as CommandLedger;
    const sleeps: number[] = [];
    const done = await awaitCommand(ledger, record('accepted'), 1000, async (ms) => void sleeps.push(ms));
    expect(done.status).toBe('succeeded');
    expect(sleeps).toEqual([5, 10, 20]);
    const never = { get: async () => record('accepted') } as unknown as CommandLedger;
    const started = Date.now();
    expect((await awaitCommand(never, record('accepted'), 50)).status).toBe('accepted');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
