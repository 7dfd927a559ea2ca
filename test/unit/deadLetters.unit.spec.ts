import { describe, expect, it } from 'vitest';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { CommandService } from '#application/commandService';
import { redriveDeadLetters } from '#application/deadLetterQueues';
import { createProjectionRegistry, defineProjection } from '#core/projection';
import { embeddedProjectionAdapters } from '#runtime/embeddedAdapters';
import { startEmbeddedPipeline } from '../../local/embeddedPipeline';
import { commandRunner } from '../support/commandFixtures';
import { ledgerAggregate, testDomain } from '../support/testDomain';
import { until } from '../support/until';

describe('poison events', () => {
  it('retry, then go to the dead-letter queue with their error, and apply once redriven after the fix', async () => {
    let broken = true;
    // A projection with a bug: it throws on the name 'boom' until it is "fixed".
    const names = defineProjection({
      name: 'names',
      sources: [ledgerAggregate],
      versioning: 'aggregate',
      keyOf: (event) => event.aggregateId,
      initialView: (): { names: string[] } => ({ names: [] }),
      evolve: (view, event) => {
        const name = event.type === 'LedgerOpened' ? event.data.title : event.data.entryId;
        if (broken && name === 'boom') throw new Error(`cannot project name '${name}'`);
        return { names: [...view.names, name] };
      },
    });
    const eventStore = new EmbeddedEventStore();
    const adapters = embeddedProjectionAdapters();
    const errors: unknown[] = [];
    const pipeline = startEmbeddedPipeline({
      domain: { ...testDomain, projections: createProjectionRegistry([names]) },
      store: eventStore,
      adapters,
      log: (error) => errors.push(error),
    });
    const commands = new CommandService({ registry: testDomain.aggregates, eventStore, ledger: eventStore });
    const send = commandRunner(commands);
    const open = (aggregateId: string, title: string) => send('OpenLedger', aggregateId, { title });
    const record = (aggregateId: string, entryId: string) => send('Record', aggregateId, { entryId, amount: 1 });
    await open('bad', 'first');
    await record('bad', 'boom');
    await record('bad', 'after');
    await open('good', 'fine');

    const view = (key: string) => adapters.views.get('default', 'names', key);
    await until(async () => (await view('good'))?.version === 1);
    await until(() => adapters.deadLetters.peek().length === 2);
    // The poison event and the one after it (which cannot skip it) are dead letters, with the reason.
    const letters = adapters.deadLetters.peek().map((message) => JSON.parse(message.body));
    expect(letters.map((letter) => [JSON.parse(letter.body).version, letter.reason, letter.receiveCount])).toEqual([
      [2, "Error: cannot project name 'boom'", 3],
      [3, "Error: cannot project name 'boom'", 3],
    ]);
    expect((await view('bad'))?.data).toEqual({ names: ['first'] });

    broken = false;
    const { redriven } = await redriveDeadLetters(adapters.deadLetters, adapters.projectionQueue, undefined, {
      all: true,
    });
    expect(redriven).toHaveLength(2);
    await until(async () => (await view('bad'))?.version === 3);
    expect((await view('bad'))?.data).toEqual({ names: ['first', 'boom', 'after'] });
    expect(adapters.deadLetters.peek()).toEqual([]);
    expect(errors.length).toBeGreaterThanOrEqual(3); // every failed attempt is logged
    await pipeline.close();
  });
});
