import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamLeases } from '../../local/streamLeases';
import { documentClientFor, dynamoClient } from '../support/aws';
import { streamRig } from '../support/streamPollers';
import { until } from '../support/until';

type Rig = Awaited<ReturnType<typeof streamRig>>;
let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

/** A second runtime's view of the same leases table: its own client, its own connections. */
const otherRuntime = () => new StreamLeases(documentClientFor(dynamoClient()), rig.tables.leases);

describe('taking a stream lease: conditional writes on DynamoDB Local', () => {
  it('lets exactly one of two racing takers have a free lease, every time', async () => {
    rig = await streamRig();
    const [a, b] = [rig.leases, otherRuntime()];
    const stream = `arn:test:stream/${randomUUID()}`;
    const winners: string[] = [];
    for (let i = 0; i < 20; i++) {
      const shardId = `shard-${i}`;
      expect(await a.create(stream, shardId, undefined)).toBe(true);
      expect(await b.create(stream, shardId, undefined)).toBe(false); // created once
      const [seen] = (await a.list(stream)).filter((item) => item.sk === shardId);
      if (!seen) throw new Error('lease not listed');
      const [byA, byB] = await Promise.all([a.take(seen, 'A'), b.take(seen, 'B')]);
      expect([byA, byB].filter(Boolean)).toHaveLength(1);
      const winner = (byA ?? byB)?.owner ?? '';
      winners.push(winner);
      const [stored] = (await a.list(stream)).filter((item) => item.sk === shardId);
      expect(stored).toMatchObject({ owner: winner, leaseCounter: 1 });
    }
  });

  it('lets one of two runtimes take an expired lease; the old owner and the loser can no longer write it', async () => {
    rig = await streamRig();
    const [a, b, dead] = [rig.leases, otherRuntime(), otherRuntime()];
    const stream = `arn:test:stream/${randomUUID()}`;
    const key = { streamArn: stream, shardId: 'shard-0' };
    await dead.create(stream, key.shardId, undefined);
    const [free] = await dead.list(stream);
    if (!free) throw new Error('lease not listed');
    await dead.take(free, 'dead');
    expect(await dead.checkpoint(key, 'dead', '100')).toBe(true);
    expect(await dead.renew(key, 'dead')).toBe(true);
    const [expired] = await a.list(stream); // as both saw it, unchanged for a lease's duration
    if (!expired) throw new Error('lease not listed');
    const [byA, byB] = await Promise.all([a.take(expired, 'A'), b.take(expired, 'B')]);
    expect([byA, byB].filter(Boolean)).toHaveLength(1);
    const [winner, loser, loserName] = byA ? [a, b, 'B'] : [b, a, 'A'];
    const winnerName = byA ? 'A' : 'B';
    expect((byA ?? byB)?.checkpoint).toBe('100'); // the taker starts after the checkpoint
    // The old owner and the loser: refused, nothing written.
    expect(await dead.renew(key, 'dead')).toBe(false);
    expect(await dead.checkpoint(key, 'dead', '200')).toBe(false);
    expect(await loser.checkpoint(key, loserName, '300')).toBe(false);
    expect(await loser.release(key, loserName, '300')).toBe(false);
    expect(await winner.checkpoint(key, winnerName, '150')).toBe(true);
    const [stored] = await a.list(stream);
    expect(stored).toMatchObject({ owner: winnerName, checkpoint: '150' });
    // A stale view of the lease cannot take it either.
    expect(await loser.take(expired, loserName)).toBeUndefined();
  });

  it('stops a poller whose lease was taken, and takes it back once the taker falls silent', async () => {
    rig = await streamRig();
    const leaseMs = 4000; // long enough to look at the stolen lease before it expires
    const poller = rig.startPoller('a', undefined, { leaseDurationMs: leaseMs });
    const stream = await rig.streamArn();
    await until(async () => Boolean((await rig.leases.list(stream))[0]?.owner), 10_000);
    await rig.commit(5);
    await until(() => rig.deliveries.length === 5, 10_000);
    // The checkpoint is written after the handover: wait for it, so the take below races nothing.
    await until(async () => Boolean((await rig.leases.list(stream))[0]?.checkpoint), 10_000);
    const [held] = await rig.leases.list(stream);
    if (!held) throw new Error('lease not listed');
    // Another runtime takes it (as if it had judged it expired) and renews it while we look.
    const intruder = otherRuntime();
    const taken = await intruder.take(held, 'intruder');
    expect(taken?.owner).toBe('intruder');
    if (!taken) throw new Error('lease not taken');
    const key = { streamArn: stream, shardId: held.sk };
    const renewing = setInterval(() => void intruder.renew(key, 'intruder').catch(() => undefined), 500);
    try {
      // The poller learns it on its next renewal (or when its own lease would run out) and stops reading.
      await until(() => !poller.readingShards().includes(held.sk), leaseMs + 5000);
      await rig.commit(5);
      await new Promise((done) => setTimeout(done, 1000));
      expect(rig.deliveries).toHaveLength(5);
      expect((await rig.leases.list(stream))[0]).toMatchObject({ owner: 'intruder', checkpoint: taken.checkpoint });
    } finally {
      clearInterval(renewing);
    }
    // The intruder falls silent: after a lease's duration the poller takes the shard back.
    const silentAt = Date.now();
    await until(() => rig.deliveries.length === 10, leaseMs * 2 + 5000);
    // Not before: the poller must see the counter unchanged for a whole lease (a renewal may be in flight).
    expect(Date.now() - silentAt).toBeGreaterThanOrEqual(leaseMs - 600);
    expect(rig.counts()).toEqual(Array(10).fill(1));
    expect(namesOfOwner(await rig.leases.list(stream))).toBe('a');
  });
});

const namesOfOwner = (items: { owner?: string }[]) => items[0]?.owner?.split('/')[0];
