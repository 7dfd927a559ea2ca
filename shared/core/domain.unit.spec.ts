/**
 * A feature is registered once, and a projection is typed by its sources: a projection of an
 * aggregate that does not exist, or of another aggregate's events, does not compile (the
 * `@ts-expect-error` lines below fail `npm run typecheck` if they ever compile), and a domain with
 * a projection whose source is not registered does not start.
 */
import { describe, expect, it } from 'vitest';
import { defineAggregate } from './aggregate';
import type { Command, DomainEvent } from './decider';
import { createDomain } from './domain';
import { defineFeature } from './feature';
import { defineProjection } from './projection';
import * as z from './zod';

type Bump = Command<'Bump', { by: number }>;
type Bumped = DomainEvent<'Bumped', { by: number }>;
type Greet = Command<'Greet', { name: string }>;
type Greeted = DomainEvent<'Greeted', { name: string }>;

const snapshots = { snapshotEvery: 100, snapshotSchemaVersion: 1 };
const unchanged = (state: null) => state;

const counter = defineAggregate({
  type: 'counter',
  commands: { Bump: z.strictObject({ by: z.number() }) },
  decider: {
    initialState: () => null,
    decide: (c: Bump): Bumped[] => [{ type: 'Bumped', data: c.payload }],
    evolve: unchanged,
  },
  ...snapshots,
});
const greeter = defineAggregate({
  type: 'greeter',
  commands: { Greet: z.strictObject({ name: z.string() }) },
  decider: {
    initialState: () => null,
    decide: (c: Greet): Greeted[] => [{ type: 'Greeted', data: c.payload }],
    evolve: unchanged,
  },
  ...snapshots,
});

const totalOf = defineProjection({
  name: 'total',
  sources: [counter],
  versioning: 'aggregate',
  keyOf: (event) => event.aggregateId,
  initialView: () => 0,
  evolve: (total, event) => {
    switch (event.type) {
      case 'Bumped':
        return total + event.data.by; // narrowed: `data` is `{ by: number }`
      // @ts-expect-error: 'Greeted' is an event of greeter, not of this projection's source
      case 'Greeted':
        return total;
      default:
        return total;
    }
  },
});

defineProjection({
  name: 'byName',
  // @ts-expect-error: a source is an aggregate definition, not its name
  sources: ['counter'],
  versioning: 'aggregate',
  keyOf: (event) => event.aggregateId,
  initialView: () => 0,
  evolve: (view) => view,
});

/** A projection of two sources folds the union of their events. */
const activity = defineProjection({
  name: 'activity',
  sources: [counter, greeter],
  versioning: 'total',
  keyOf: () => 'all',
  initialView: (): string[] => [],
  evolve: (lines, event) => {
    switch (event.type) {
      case 'Bumped':
        return [...lines, `${event.aggregateId} +${event.data.by}`];
      case 'Greeted':
        return [...lines, `${event.aggregateId} hello ${event.data.name}`];
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
});

const position = { context: 'default', aggregateId: 'a', version: 1 };

describe('features and the domain', () => {
  it('registers each feature once: its aggregate by type and command, its projections by name and source', () => {
    const domain = createDomain([
      defineFeature({ aggregate: counter, projections: [totalOf] }),
      defineFeature({ aggregate: greeter, projections: [activity] }),
    ]);
    expect(domain.aggregates.byCommandType('Greet')?.type).toBe('greeter');
    expect(domain.projections.names()).toEqual(['total', 'activity']);
    expect(domain.projections.forAggregateType('counter').map((p) => p.name)).toEqual(['total', 'activity']);
    expect(activity.sources).toEqual(['counter', 'greeter']);
    const bumped = { ...position, streamKey: 'default#counter#a', aggregateType: 'counter', type: 'Bumped' };
    expect(totalOf.evolve(totalOf.initialView('a'), { ...bumped, data: { by: 2 } })).toBe(2);
  });

  it('refuses at start a projection of an aggregate no feature registers', () => {
    expect(() => createDomain([defineFeature({ aggregate: greeter, projections: [activity] })])).toThrow(
      "Projection 'activity' folds unregistered aggregate(s): counter",
    );
  });

  it('refuses at start two aggregates of one type, or two projections of one name', () => {
    const again = defineFeature({ aggregate: counter, projections: [] });
    expect(() => createDomain([again, again])).toThrow("Aggregate 'counter' registered twice");
    const twice = defineFeature({ aggregate: counter, projections: [totalOf, totalOf] });
    expect(() => createDomain([twice])).toThrow("Projection 'total' registered twice");
  });
});
