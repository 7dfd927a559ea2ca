/**
 * SQS's FIFO limits hold locally too (guarantee: what works locally works in AWS): the embedded
 * queue refuses what SendMessage would, and a domain whose aggregate type could make a stream key
 * longer than a MessageGroupId does not start.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { createRegistry, defineAggregate } from '#core/aggregate';
import type { Command, DomainEvent } from '#core/decider';
import { CONTEXT_PATTERN, ID_PATTERN, streamKeyOf } from '#core/ids';
import * as z from '#core/zod';

const aggregateOfType = (type: string) =>
  defineAggregate({
    type,
    commands: { Touch: z.strictObject({}) },
    decider: {
      initialState: () => null,
      decide: (_: Command<'Touch', Record<string, never>>): DomainEvent<'Touched', null>[] => [],
      evolve: (state: null) => state,
    },
    snapshotEvery: 100,
    snapshotSchemaVersion: 1,
  });

describe('SQS FIFO limits, locally', () => {
  it('refuses group and deduplication ids past 128 characters or outside SQS characters, and bodies past 256 KiB', async () => {
    const queue = new EmbeddedFifoQueue({ name: 'limits' });
    const ok = { groupId: 'g'.repeat(128), dedupId: 'd'.repeat(128), body: 'x'.repeat(262_144) };
    await queue.send(ok);
    await expect(queue.send({ ...ok, groupId: 'g'.repeat(129) })).rejects.toThrow(/MessageGroupId/);
    await expect(queue.send({ ...ok, groupId: 'a b' })).rejects.toThrow(/MessageGroupId/);
    await expect(queue.send({ ...ok, dedupId: '' })).rejects.toThrow(/MessageDeduplicationId/);
    await expect(queue.send({ ...ok, body: 'é'.repeat(131_073) })).rejects.toThrow(/262144 bytes/);
    // Nothing refused was queued.
    expect((await queue.receive({ max: 10, waitMs: 0 })).map((message) => message.groupId)).toEqual([ok.groupId]);
    queue.close();
  });

  it('starts no domain whose aggregate type could make a stream key longer than a MessageGroupId', () => {
    const longest = 'a'.repeat(30);
    expect(() => createRegistry([aggregateOfType(longest)])).not.toThrow();
    const key = streamKeyOf('c'.repeat(32), longest, 'i'.repeat(64));
    expect(CONTEXT_PATTERN.test('c'.repeat(32)) && ID_PATTERN.test('i'.repeat(64))).toBe(true);
    expect(key.length).toBe(128);
    expect(() => createRegistry([aggregateOfType(`${longest}b`)])).toThrow(/1-30 letters/);
    expect(() => createRegistry([aggregateOfType('to#do')])).toThrow(/Aggregate type 'to#do'/);
  });
});
