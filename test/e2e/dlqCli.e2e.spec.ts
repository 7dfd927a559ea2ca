/**
 * `npx cairn dlq list|redrive [--queue projections|processes]` on the embedded queues under
 * CAIRN_DATA_DIR, as a user runs it with `npm start` stopped: each worker's dead letters listed
 * with their errors, and redriven to the queue they came from, the other queue untouched.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { deadLetterOf } from '#application/deadLetter';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'cairn-dlq-'));
const cairn = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['cli/cairn.mjs', 'dlq', ...args], {
      env: { ...process.env, CAIRN_DATA_DIR: dataDir, CAIRN_STORE: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};
/** Opens a queue of the data directory, does `use`, and closes it (the CLI takes the directory's lock). */
const withQueue = <T>(name: string, use: (queue: EmbeddedFifoQueue) => T): T => {
  const queue = new EmbeddedFifoQueue({ name, dataDir });
  try {
    return use(queue);
  } finally {
    queue.close();
  }
};
const letter = (reason: string, groupId: string, dedupId: string, body: unknown) => {
  const dead = deadLetterOf(
    new Error(reason),
    { receiveCount: 3, groupId, dedupId, body: JSON.stringify(body) },
    new Date('2026-03-01T10:00:00Z'),
  );
  return { groupId, dedupId, body: JSON.stringify(dead) };
};

const processEvent = {
  kind: 'event',
  process: 'inboxOnRegistration',
  key: 'ada',
  event: {
    streamKey: 'default#user#ada',
    context: 'default',
    aggregateType: 'user',
    aggregateId: 'ada',
    type: 'UserRegistered',
    version: 1,
    committedAt: '2026-03-01T09:59:00.000Z',
    data: { name: 'Ada', email: 'ada@example.com' },
  },
};
const deadline = {
  kind: 'deadline',
  process: 'archiveWhenDone',
  key: 'list-1',
  context: 'default',
  name: 'archive',
  id: 'f'.repeat(48),
  dueAt: '2026-03-08T09:00:00.000Z',
};

describe('npx cairn dlq on the embedded queues', () => {
  it('lists the projection dead letters by default, and the process ones with --queue processes', async () => {
    withQueue('projections-dlq', (queue) =>
      queue.send(
        letter('cannot project', 'default#todoList#l1', 'default#todoList#l1:2', {
          type: 'TodoAdded',
          version: 2,
          streamKey: 'default#todoList#l1',
        }),
      ),
    );
    withQueue('processes-dlq', (queue) => {
      queue.send(letter('no such command', 'default#inboxOnRegistration#ada', 'event-ada-1', processEvent));
      queue.send(letter('cannot archive', 'default#archiveWhenDone#list-1', 'deadline-fff', deadline));
    });
    const projections = await cairn('list');
    expect(projections.code, projections.stderr).toBe(0);
    expect(projections.stdout).toContain(
      'default#todoList#l1 TodoAdded v2 of default#todoList#l1\n  2026-03-01T10:00:00.000Z  Error: cannot project',
    );
    expect(projections.stdout).toContain('1 dead letter(s) in the projection dead-letter queue');
    expect(projections.stdout).not.toContain('inboxOnRegistration');

    const processes = await cairn('list', '--queue', 'processes');
    expect(processes.code, processes.stderr).toBe(0);
    expect(processes.stdout).toContain(
      'default#inboxOnRegistration#ada inboxOnRegistration/ada: UserRegistered v1 of default#user#ada\n  2026-03-01T10:00:00.000Z  Error: no such command',
    );
    expect(processes.stdout).toContain(
      'default#archiveWhenDone#list-1 archiveWhenDone/list-1: deadline archive due 2026-03-08T09:00:00.000Z',
    );
    expect(processes.stdout).toContain('2 dead letter(s) in the process dead-letter queue');
    expect(processes.stdout).not.toContain('TodoAdded');
  });

  it('redrives the process dead letters to the process queue, in their groups, and leaves the projection ones', async () => {
    const redriven = await cairn('redrive', '--queue', 'processes');
    expect(redriven.code, redriven.stderr).toBe(0);
    expect(redriven.stdout).toContain('redrove 2 dead letter(s) to the process queue');
    const back = withQueue('processes', (queue) => queue.peek());
    expect(back.map((message) => [message.groupId, JSON.parse(message.body)])).toEqual([
      ['default#inboxOnRegistration#ada', processEvent],
      ['default#archiveWhenDone#list-1', deadline],
    ]);
    // Each under a fresh deduplication id: the old one may still be in the queue's window.
    expect(back.map((message) => message.dedupId)).toEqual([
      expect.stringMatching(/^event-ada-1:r\d+$/),
      expect.stringMatching(/^deadline-fff:r\d+$/),
    ]);
    expect(withQueue('processes-dlq', (queue) => queue.peek())).toEqual([]);
    expect(withQueue('projections-dlq', (queue) => queue.peek())).toHaveLength(1);
    expect((await cairn('list', '--queue', 'processes')).stdout).toContain('0 dead letter(s)');
  });

  it('refuses an unknown queue or command with the usage', async () => {
    for (const args of [['list', '--queue', 'views'], ['purge'], ['list', 'extra'], ['list', '--bogus']]) {
      const refused = await cairn(...args);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).toContain('usage: npx cairn dlq list|redrive [--queue projections|processes]');
    }
  });
});
