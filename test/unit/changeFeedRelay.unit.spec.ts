import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { ChangeFeedRelay } from '../../local/changeFeedRelay';
import { until } from '../support/until';

const appendTo = (store: EmbeddedEventStore, stream: string, version: number) =>
  store.append({
    streamKey: `default#todoList#${stream}`,
    expectedVersion: version - 1,
    events: [{ type: 'TodoListRenamed', data: { title: `v${version}` } }],
    commandId: `${stream}-${version}`,
    fingerprint: `${stream}-${version}`,
    committedAt: '2026-01-01T00:00:00.000Z',
  });

describe('change-feed relay (the local DynamoDB Streams)', () => {
  it('hands over every commit after a crash: those written while it was down, and the one it was handling', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-relay-'));
    const handled: string[] = [];
    const first = new EmbeddedEventStore({ dataDir });
    let crashOn = 'a@3';
    const relay = new ChangeFeedRelay(
      first,
      async (commit) => {
        const id = `${commit.streamKey.split('#')[2]}@${commit.events[0]?.version}`;
        if (id === crashOn) throw new Error('crash while publishing');
        handled.push(id);
      },
      { dataDir },
    );
    relay.start();
    await appendTo(first, 'a', 1);
    await appendTo(first, 'a', 2);
    await appendTo(first, 'a', 3);
    await until(() => handled.length === 2);
    await relay.stop(); // the process dies while commit a@3 is failing
    await appendTo(first, 'b', 1); // written after the relay died, before the restart
    first.close();

    crashOn = '';
    const second = new EmbeddedEventStore({ dataDir });
    const restarted = new ChangeFeedRelay(
      second,
      async (commit) => void handled.push(`${commit.streamKey.split('#')[2]}@${commit.events[0]?.version}`),
      { dataDir },
    );
    restarted.start();
    await until(() => handled.length === 4);
    await appendTo(second, 'a', 4);
    await until(() => handled.length === 5);
    await restarted.stop();
    second.close();
    expect(handled).toEqual(['a@1', 'a@2', 'a@3', 'b@1', 'a@4']);
  });
});
