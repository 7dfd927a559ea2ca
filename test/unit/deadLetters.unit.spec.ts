import { describe, expect, it } from 'vitest';
import { drain, redriveTo } from '../../cli/deadLetters';
import { startProjectionPipeline } from '../../local/projectionPipeline';
import { EmbeddedEventStore } from '../../shared/adapters/embedded/embeddedEventStore';
import { CommandService } from '../../shared/application/commandService';
import { createProjectionRegistry, defineProjection } from '../../shared/core/projection';
import { sampleDomain } from '../../shared/domain';
import { todoListAggregate } from '../../shared/domain/todoList';
import { embeddedProjectionAdapters } from '../../shared/runtime/adapters';
import { commandRunner } from '../support/commandFixtures';
import { until } from '../support/until';

describe('poison events', () => {
  it('retry, then go to the dead-letter queue with their error, and apply once redriven after the fix', async () => {
    let broken = true;
    // A projection with a bug: it throws on the title 'boom' until it is "fixed".
    const titles = defineProjection({
      name: 'titles',
      sources: [todoListAggregate],
      versioning: 'aggregate',
      keyOf: (event) => event.aggregateId,
      initialView: (): { titles: string[] } => ({ titles: [] }),
      evolve: (view, event) => {
        const { title } = event.data as { title: string };
        if (broken && title === 'boom') throw new Error(`cannot project title '${title}'`);
        return { titles: [...view.titles, title] };
      },
    });
    const eventStore = new EmbeddedEventStore();
    const adapters = embeddedProjectionAdapters();
    const errors: unknown[] = [];
    const pipeline = startProjectionPipeline({
      eventStore,
      adapters,
      projections: createProjectionRegistry([titles]),
      log: (error) => errors.push(error),
    });
    const commands = new CommandService({ registry: sampleDomain.aggregates, eventStore, ledger: eventStore });
    const send = commandRunner(commands);
    const run = (type: string, aggregateId: string, title: string) => send(type, aggregateId, { title });
    await run('CreateTodoList', 'bad', 'first');
    await run('RenameTodoList', 'bad', 'boom');
    await run('RenameTodoList', 'bad', 'after');
    await run('CreateTodoList', 'good', 'fine');

    const view = (key: string) => adapters.views.get('default', 'titles', key);
    await until(async () => (await view('good'))?.version === 1);
    await until(() => adapters.deadLetters.peek().length === 2);
    // The poison event and the one after it (which cannot skip it) are dead letters, with the reason.
    const letters = adapters.deadLetters.peek().map((message) => JSON.parse(message.body));
    expect(letters.map((letter) => [JSON.parse(letter.body).version, letter.reason, letter.receiveCount])).toEqual([
      [2, "Error: cannot project title 'boom'", 3],
      [3, "Error: cannot project title 'boom'", 3],
    ]);
    expect((await view('bad'))?.data).toEqual({ titles: ['first'] });

    broken = false;
    expect(await drain(adapters.deadLetters, redriveTo(adapters.projectionQueue))).toBe(2);
    await until(async () => (await view('bad'))?.version === 3);
    expect((await view('bad'))?.data).toEqual({ titles: ['first', 'boom', 'after'] });
    expect(adapters.deadLetters.peek()).toEqual([]);
    expect(errors.length).toBeGreaterThanOrEqual(3); // every failed attempt is logged
    await pipeline.close();
  });
});
