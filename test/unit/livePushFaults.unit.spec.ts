/**
 * A fault between a view's write and its push must not lose the push: the event fails, and its
 * redelivery, which finds the view already written, pushes it then. (The fault-injection suite on
 * the emulators, test/integration/faults.aws.int.spec.ts, found the first case.)
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { CommandService } from '#application/commandService';
import { EventPublisher } from '#application/eventPublisher';
import { ProjectionService, type ViewChange } from '#application/projectionService';
import { createProjectionWorker } from '#handlers/projectionWorker';
import type { OutgoingMessage } from '#ports/messageQueue';
import type { ReadModelStore } from '#ports/readModelStore';
import { commandRunner } from '../support/commandFixtures';
import { sqsEvent } from '../support/sqsEvents';
import { testDomain } from '../support/testDomain';

/** One opened ledger, as the projection queue would carry it. */
const createdListMessage = async () => {
  const store = new EmbeddedEventStore();
  await commandRunner(new CommandService({ registry: testDomain.aggregates, eventStore: store, ledger: store }))(
    'OpenLedger',
    'l1',
    { title: 'Groceries' },
  );
  const sent: OutgoingMessage[] = [];
  const publisher = new EventPublisher({ queue: { send: async (message) => void sent.push(message) } });
  for (const commit of store.commitsAfter(0, 10)) await publisher.publish(commit);
  const [message] = sent;
  if (!message) throw new Error('nothing published');
  return { store, delivery: sqsEvent([{ id: 'm1', group: message.groupId, body: message.body }]) };
};

const pushedVersions = (pushes: ViewChange[][]) =>
  pushes.flat().map((change) => `${change.projection}/${change.key}@${change.version}`);

describe('live push under faults', () => {
  it('pushes a view whose write landed but whose answer was lost, when the event comes again', async () => {
    const { store, delivery } = await createdListMessage();
    const views = new EmbeddedReadModelStore();
    let loseAnswer = true;
    // The view store applies the first write, then its answer is lost.
    const lossy: ReadModelStore = {
      get: (context, projection, key) => views.get(context, projection, key),
      list: (context, projection) => views.list(context, projection),
      page: (context, projection, query) => views.page(context, projection, query),
      changedSince: (context, projection, query) => views.changedSince(context, projection, query),
      put: async (view, expectedRevision) => {
        await views.put(view, expectedRevision);
        if (!loseAnswer) return;
        loseAnswer = false;
        throw Object.assign(new Error('socket hang up after the write was applied'), { code: 'ECONNRESET' });
      },
    };
    const pushes: ViewChange[][] = [];
    const worker = createProjectionWorker({
      service: new ProjectionService({
        projections: testDomain.projections,
        views: lossy,
        eventStore: store,
        upcast: testDomain.upcast,
      }),
      eventStore: store,
      upcast: testDomain.upcast,
      onChanges: async (changes) => void pushes.push(changes),
    });

    expect((await worker(delivery)).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(pushes).toEqual([]);
    expect((await views.get('default', 'ledger', 'l1'))?.version).toBe(1);

    expect((await worker(delivery)).batchItemFailures).toEqual([]);
    expect(pushedVersions(pushes)).toEqual(['ledger/l1@1', 'ledgers/all@1']);
  });

  it('fails the event when its subscribers cannot be read, and pushes on the redelivery', async () => {
    const { store, delivery } = await createdListMessage();
    const pushes: ViewChange[][] = [];
    let registryDown = true;
    const worker = createProjectionWorker({
      service: new ProjectionService({
        projections: testDomain.projections,
        views: new EmbeddedReadModelStore(),
        eventStore: store,
        upcast: testDomain.upcast,
      }),
      upcast: testDomain.upcast,
      eventStore: store,
      onChanges: async (changes) => {
        if (registryDown) {
          registryDown = false;
          throw new Error('the connections table is throttling');
        }
        pushes.push(changes);
      },
    });

    expect((await worker(delivery)).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect((await worker(delivery)).batchItemFailures).toEqual([]);
    expect(pushedVersions(pushes)).toEqual(['ledger/l1@1', 'ledgers/all@1']);
  });
});
