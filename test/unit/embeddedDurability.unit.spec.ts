import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { CommandService } from '#application/commandService';
import { followCommits, record, request } from '../support/commandFixtures';
import { testDomain } from '../support/testDomain';

const serviceOn = (store: EmbeddedEventStore) =>
  new CommandService({
    registry: testDomain.aggregates,
    eventStore: store,
    ledger: store,
    snapshots: store.snapshotStore,
  });

describe('embedded stores survive a restart', () => {
  it('keeps every event, command record and snapshot', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-durable-'));
    const before = new EmbeddedEventStore({ dataDir });
    await serviceOn(before).execute(request({ commandId: 'c0' }));
    for (let i = 0; i < 120; i++) await serviceOn(before).execute(record(`t${i}`));
    await followCommits(before);
    before.close();

    const after = new EmbeddedEventStore({ dataDir });
    expect(await after.currentVersion('default#ledger#ledger-1')).toBe(121);
    expect(await after.get('default', 'c0')).toMatchObject({ status: 'succeeded' });
    // Written by the feed when it followed the 100th event: of the state it found then (here, the last).
    expect((await after.getSnapshot('default#ledger#ledger-1'))?.version).toBe(121);
    const replay = await serviceOn(after).execute(request({ commandId: 'c0' }));
    expect(replay.replayed).toBe(true);
  });

  it('keeps views.jsonl within a bound while one view is rewritten thousands of times, losing nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-views-'));
    const slack = 50_000;
    const store = new EmbeddedReadModelStore({ dataDir, compactSlackBytes: slack });
    const view = (revision: number, key = 'all') => ({
      context: 'default',
      projection: 'todoLists',
      key,
      version: revision,
      revision,
      sources: {},
      updatedAt: '2026-11-23T00:00:00.000Z',
      data: { lists: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`l${i}`, { n: revision }])) },
    });
    await store.put(view(1, 'other'), 0);
    const sizes: number[] = [];
    for (let revision = 1; revision <= 3000; revision++) {
      await store.put(view(revision), revision - 1);
      sizes.push(statSync(join(dataDir, 'views.jsonl')).size);
    }
    store.close();
    const line = JSON.stringify(view(3000)).length + 1;
    // Without compaction the file would hold all 3,001 lines (~3,000 × line); with it, at most the
    // slack plus three times the live content (two views) and the line that crossed the bound.
    expect(Math.max(...sizes)).toBeLessThan(slack + 8 * line);
    expect(sizes.at(-1)).toBeLessThan(3000 * line);
    const reopened = new EmbeddedReadModelStore({ dataDir });
    expect((await reopened.get('default', 'todoLists', 'all'))?.revision).toBe(3000);
    expect((await reopened.get('default', 'todoLists', 'other'))?.revision).toBe(1);
    reopened.close();
  });

  it('drops a torn last line left by a crash mid-write, keeping everything before it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-torn-'));
    const store = new EmbeddedEventStore({ dataDir });
    await serviceOn(store).execute(request());
    store.close();
    appendFileSync(join(dataDir, 'events.jsonl'), '{"kind":"commit","streamKey":"default#ledger#ledger-1","baseVe');
    const reopened = new EmbeddedEventStore({ dataDir });
    expect(await reopened.currentVersion('default#ledger#ledger-1')).toBe(1);
    await serviceOn(reopened).execute(record('t1'));
    reopened.close();
    const lines = readFileSync(join(dataDir, 'events.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).kind)).toEqual(['commit', 'commit']);
  });

  it('keeps unacknowledged queue messages, in order, and forgets acknowledged ones', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-queue-'));
    const queue = new EmbeddedFifoQueue({ name: 'q', dataDir });
    for (const body of ['a', 'b', 'c']) await queue.send({ groupId: 'g', dedupId: body, body });
    const [first] = await queue.receive({ max: 1, waitMs: 0 });
    await queue.ack(first?.receiptHandle ?? '');
    await queue.receive({ max: 1, waitMs: 0 }); // in flight when the process dies
    queue.close();

    const reopened = new EmbeddedFifoQueue({ name: 'q', dataDir });
    const messages = await reopened.receive({ max: 10, waitMs: 0 });
    expect(messages.map((message) => message.body)).toEqual(['b', 'c']);
    await reopened.send({ groupId: 'g', dedupId: 'a', body: 'a-again' });
    expect(reopened.depth).toBe(2);
  });
});
