import { UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFromStreamRecord } from '#adapters/dynamodb/commitStreamRecord';
import { EventPublisher } from '#application/eventPublisher';
import { createStreamPublisher } from '#handlers/streamPublisher';
import type { OutgoingMessage } from '#ports/messageQueue';
import type { LeaseItem } from '../../local/streamLeases';
import { dynamoClient } from '../support/aws';
import { commitOfRecord, streamRig, TEST_LEASE } from '../support/streamPollers';
import { until } from '../support/until';

type Rig = Awaited<ReturnType<typeof streamRig>>;
let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

const leaseOf = async (): Promise<LeaseItem> => {
  const [lease] = await rig.leases.list(await rig.streamArn());
  if (!lease) throw new Error('no lease yet');
  return lease;
};
const ownerNow = async () => (await rig.leases.list(await rig.streamArn()))[0]?.owner;
const allDelivered = () => rig.counts().every((count) => count > 0);
const pollerOf = (commit: string) =>
  rig.deliveries.filter((delivery) => delivery.commit === commit).map((d) => d.poller);
const namesOf = (owner: string | undefined) => owner?.split('/')[0];
/** Failover bound: the lease's duration after the last renewal seen, plus two take intervals and slack. */
const TAKEOVER_MS = TEST_LEASE.leaseDurationMs + 2 * TEST_LEASE.takeEveryMs + 1500;

describe('the DynamoDB stream read under leases (several runtimes on one stream)', () => {
  it('hands every commit to exactly one of three pollers: the one holding the shard', async () => {
    rig = await streamRig();
    for (const name of ['a', 'b', 'c']) rig.startPoller(name);
    await until(async () => Boolean(await ownerNow()), 10_000);
    for (let round = 0; round < 5; round++) await rig.commit(10);
    await until(allDelivered, 15_000);
    await new Promise((done) => setTimeout(done, 1000)); // room for a repeat, were there one
    expect(rig.counts()).toEqual(Array(50).fill(1));
    const holder = namesOf(await ownerNow());
    expect(new Set(rig.deliveries.map((delivery) => delivery.poller))).toEqual(new Set([holder]));
    const lease = await leaseOf();
    expect(lease.checkpoint).toBe(rig.deliveries.at(-1)?.sequence);
    expect(lease.leaseCounter).toBeGreaterThan(1); // taken, then renewed
    expect(rig.errors).toEqual([]);
  });

  it('hands the shard over on a graceful stop, at once, from the checkpoint: nothing twice', async () => {
    rig = await streamRig();
    const pollers = new Map(['a', 'b', 'c'].map((name) => [name, rig.startPoller(name)]));
    await until(async () => Boolean(await ownerNow()), 10_000);
    await rig.commit(20);
    await until(allDelivered, 10_000);
    const first = namesOf(await ownerNow()) ?? '';
    const stoppedAt = Date.now();
    await pollers.get(first)?.stop();
    // Released (another poller may have taken it already): the stopped one holds nothing.
    expect(namesOf((await leaseOf()).owner)).not.toBe(first);
    await until(async () => Boolean(await ownerNow()), 5000);
    const handedOverMs = Date.now() - stoppedAt;
    expect(handedOverMs).toBeLessThan(TEST_LEASE.leaseDurationMs); // no expiry waited for
    const second = namesOf(await ownerNow());
    expect(second).not.toBe(first);
    const later = await rig.commit(20);
    await until(allDelivered, 10_000);
    await new Promise((done) => setTimeout(done, 1000));
    expect(rig.counts()).toEqual(Array(40).fill(1));
    for (const commit of later) expect(pollerOf(commit)).toEqual([second]);
  });

  it('takes over the shard of a crashed poller within the lease, re-sending nothing it acknowledged', async () => {
    rig = await streamRig();
    const child = rig.startPollerProcess('crashing');
    await until(async () => namesOf(await ownerNow()) === 'crashing', 20_000);
    rig.startPoller('b');
    rig.startPoller('c');
    // Commits keep coming while the holder dies in the middle of them.
    const writing = (async () => {
      for (let round = 0; round < 30; round++) {
        await rig.commit(2);
        await new Promise((done) => setTimeout(done, 20));
      }
    })();
    await until(() => rig.deliveries.filter((delivery) => delivery.poller === 'crashing').length >= 15, 20_000);
    child.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((done) => child.once('exit', done));
    const frozen = await leaseOf();
    expect(namesOf(frozen.owner)).toBe('crashing'); // nobody released it
    await until(async () => ['b', 'c'].includes(namesOf(await ownerNow()) ?? ''), TAKEOVER_MS + 5000);
    const takeoverMs = Date.now() - killedAt;
    await writing;
    await until(allDelivered, 20_000);
    await new Promise((done) => setTimeout(done, 1000));
    const repeated = rig.counts().filter((count) => count > 1).length;
    console.log(
      `takeover after a crash: ${takeoverMs} ms (lease ${TEST_LEASE.leaseDurationMs} ms), ${repeated} repeated`,
    );
    expect(takeoverMs).toBeGreaterThanOrEqual(TEST_LEASE.leaseDurationMs - TEST_LEASE.renewEveryMs);
    expect(takeoverMs).toBeLessThan(TAKEOVER_MS);
    // Acknowledged (up to the frozen checkpoint): once. After it: at most the batch in hand again.
    const checkpoint = BigInt(frozen.checkpoint ?? '0');
    const counts = rig.counts();
    rig.written.forEach((commit, i) => {
      const sequences = rig.deliveries.filter((delivery) => delivery.commit === commit).map((d) => BigInt(d.sequence));
      if ((sequences[0] ?? 0n) <= checkpoint) expect(counts[i], commit).toBe(1);
      else expect(counts[i], commit).toBeLessThanOrEqual(2);
    });
    expect(counts.filter((count) => count === 2).length).toBeLessThanOrEqual(100);
  });

  it('restarted, publishes what came after its checkpoint: nothing twice after a graceful stop', async () => {
    rig = await streamRig();
    const first = rig.startPoller('run1');
    await until(async () => Boolean(await ownerNow()), 10_000);
    await rig.commit(25);
    await until(allDelivered, 10_000);
    await first.stop();
    await rig.commit(25); // while no runtime runs
    rig.startPoller('run2');
    await until(allDelivered, 10_000);
    await new Promise((done) => setTimeout(done, 1000));
    expect(rig.counts()).toEqual(Array(50).fill(1));
    expect(rig.deliveries.slice(25).every((delivery) => delivery.poller === 'run2')).toBe(true);
  });

  it('restarted after a crash, re-sends at most the batch it had not acknowledged', async () => {
    rig = await streamRig();
    const crashed = rig.startPollerProcess('run1');
    await until(async () => Boolean(await ownerNow()), 20_000);
    await rig.commit(30);
    await until(() => rig.deliveries.length >= 10, 10_000);
    crashed.kill('SIGKILL');
    await new Promise((done) => crashed.once('exit', done));
    const checkpoint = BigInt((await leaseOf()).checkpoint ?? '0');
    await rig.commit(10);
    rig.startPollerProcess('run2');
    await until(allDelivered, TAKEOVER_MS + 20_000);
    await new Promise((done) => setTimeout(done, 1000));
    const again = rig.deliveries.filter((delivery) => delivery.poller === 'run2');
    expect(again.every((delivery) => BigInt(delivery.sequence) > checkpoint)).toBe(true);
    expect(rig.counts().every((count) => count === 1 || count === 2)).toBe(true);
  });

  it('marks a shard read to its end finished and frees it: its children may then be read', async () => {
    rig = await streamRig();
    rig.startPoller('a');
    await until(async () => Boolean(await ownerNow()), 10_000);
    await rig.commit(5);
    await until(allDelivered, 10_000);
    // Disabling the stream closes its shard (as a split closes a parent): read to its end, then no iterator.
    const client = dynamoClient();
    await client.send(
      new UpdateTableCommand({ TableName: rig.tables.events, StreamSpecification: { StreamEnabled: false } }),
    );
    client.destroy();
    await until(async () => (await leaseOf()).finished === true, 10_000);
    const lease = await leaseOf();
    expect(lease.owner).toBeUndefined();
    expect(lease.checkpoint).toBe(rig.deliveries.at(-1)?.sequence);
    await new Promise((done) => setTimeout(done, 1000));
    expect((await leaseOf()).owner).toBeUndefined(); // a finished lease is never taken again
    expect(rig.counts()).toEqual(Array(5).fill(1));
  });

  it('keeps the checkpoint before a record the publisher failed, and hands that record over again', async () => {
    rig = await streamRig();
    const sent: OutgoingMessage[] = [];
    let broken = true;
    let attempts = 0;
    const queue = {
      send: async (message: OutgoingMessage) => {
        if (message.groupId === 'default#counter#c4' && broken) {
          attempts++;
          throw new Error('queue down');
        }
        sent.push(message);
      },
    };
    const publisher = createStreamPublisher(commitFromStreamRecord, new EventPublisher({ queue }), () => {});
    const sequences = new Map<string, string>();
    rig.startPoller('a', async (event) => {
      for (const record of event.Records) sequences.set(commitOfRecord(record), record.dynamodb?.SequenceNumber ?? '');
      return publisher(event);
    });
    await until(async () => Boolean(await ownerNow()), 10_000);
    await rig.commit(10);
    await until(() => attempts >= 2, 10_000); // refused, and read again
    const [before, failed] = [sequences.get('default#counter#c3:0'), sequences.get('default#counter#c4:0')];
    expect((await leaseOf()).checkpoint).toBe(before);
    expect(sent.map((message) => message.groupId)).toEqual([0, 1, 2, 3].map((n) => `default#counter#c${n}`));
    broken = false;
    await until(() => sent.length === 10, 10_000);
    expect(sent.map((message) => message.groupId)).toEqual([...Array(10).keys()].map((n) => `default#counter#c${n}`));
    expect(failed).toBeDefined();
    await until(async () => (await leaseOf()).checkpoint === sequences.get('default#counter#c9:0'), 5000);
  });
});
