/**
 * "What `evolve` produces matches the view's schema", as a property: random commands go through the
 * aggregate's own payload schemas and decider (refused ones are dropped, as the pipeline drops
 * them), so the events are ones a real history could hold; every view after every event, read back
 * through JSON as the stores do, must parse with the projection's `view` schema.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { AnyAggregate } from '#core/aggregate';
import { isCairnError } from '#core/errors';
import type { ProjectedEvent, Projection } from '#core/projection';

export interface RandomCommand {
  aggregateId: string;
  type: string;
  payload: unknown;
}

const ISSUED_AT = '2026-11-22T10:00:00.000Z';

/** The events that the decider makes of `commands`, in order, numbered per aggregate. */
export const historyOf = (aggregate: AnyAggregate, commands: readonly RandomCommand[]): ProjectedEvent[] => {
  const states = new Map<string, { state: unknown; version: number }>();
  const events: ProjectedEvent[] = [];
  for (const [index, command] of commands.entries()) {
    const schema = aggregate.commands[command.type];
    const payload = schema?.safeParse(command.payload);
    if (!payload?.success) continue;
    const stream = states.get(command.aggregateId) ?? { state: aggregate.decider.initialState(), version: 0 };
    let decided: { type: string; data: unknown }[];
    try {
      const metadata = { commandId: `cmd-${index}`, issuedAt: ISSUED_AT };
      decided = aggregate.decider.decide({ ...command, payload: payload.data, metadata }, stream.state);
    } catch (error) {
      if (isCairnError(error)) continue;
      throw error;
    }
    for (const event of decided) {
      stream.state = aggregate.decider.evolve(stream.state, event);
      stream.version += 1;
      const address = { context: 'default', aggregateType: aggregate.type, aggregateId: command.aggregateId };
      const streamKey = `default#${aggregate.type}#${command.aggregateId}`;
      events.push({ ...event, ...address, streamKey, version: stream.version });
    }
    states.set(command.aggregateId, stream);
  }
  return events;
};

/** Every view the projection holds after each event of `events`, as stored (through JSON). */
export const viewsAlong = (projection: Projection, events: readonly ProjectedEvent[]): unknown[] => {
  const views = new Map<string, unknown>();
  const seen: unknown[] = [];
  for (const event of events) {
    const key = projection.keyOf(event);
    if (key === undefined) continue;
    const next = projection.evolve(views.get(key) ?? projection.initialView(key), event);
    const stored: unknown = JSON.parse(JSON.stringify(next));
    views.set(key, stored);
    seen.push(stored);
  }
  return seen;
};

/** Random commands for `aggregateIds`, of the types in `payloads`, each with a payload from its arbitrary. */
export const randomCommands = (
  payloads: Record<string, fc.Arbitrary<unknown>>,
  aggregateIds: readonly string[] = ['a-1', 'a-2', 'a-3'],
): fc.Arbitrary<RandomCommand[]> => {
  const one = fc.oneof(
    ...Object.entries(payloads).map(([type, payload]) =>
      fc.record({ aggregateId: fc.constantFrom(...aggregateIds), type: fc.constant(type), payload }),
    ),
  );
  return fc.array(one, { maxLength: 80 });
};

/** The property: whatever the history, each view the projection folds parses with its schema. */
export const expectViewsMatchSchema = (
  projection: Projection,
  aggregate: AnyAggregate,
  payloads: Record<string, fc.Arbitrary<unknown>>,
): void => {
  const schema = projection.view;
  expect(schema, `projection '${projection.name}' declares no view schema`).toBeDefined();
  let foldedSome = false;
  fc.assert(
    fc.property(randomCommands(payloads), (commands) => {
      const views = viewsAlong(projection, historyOf(aggregate, commands));
      foldedSome ||= views.length > 0;
      for (const view of views) {
        const parsed = schema?.safeParse(view);
        if (!parsed?.success) throw new Error(`${JSON.stringify(view)}: ${parsed?.error.message}`);
      }
    }),
    { numRuns: 200 },
  );
  // A property that only ever saw refused commands would prove nothing.
  expect(foldedSome).toBe(true);
};
