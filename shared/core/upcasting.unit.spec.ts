import { describe, expect, it } from 'vitest';
import { type AggregateDefinition, defineAggregate } from './aggregate';
import type { Command, DomainEvent } from './decider';
import { createDomain } from './domain';
import { defineFeature } from './feature';
import { currentSchemaVersion, type EventSchemas, UnknownSchemaVersionError, upcastEvent } from './upcasting';
import * as z from './zod';

type NoteEvent =
  | DomainEvent<'NoteTaken', { text: string; tags: string[]; by: string }>
  | DomainEvent<'NoteDropped', Record<string, never>>;

// NoteTaken's history: v1 {text}, v2 added tags, v3 added the author.
const noteSchemas: EventSchemas<NoteEvent['type']> = {
  NoteTaken: {
    version: 3,
    upcasters: {
      1: (data: { text: string }) => ({ ...data, tags: [] }),
      2: (data: { text: string; tags: string[] }) => ({ ...data, by: 'unknown' }),
    },
  },
};

type TakeNote = Command<'TakeNote', { text: string }>;

const notes = (events?: EventSchemas<NoteEvent['type']>): AggregateDefinition<null, TakeNote, NoteEvent> =>
  defineAggregate<null, TakeNote, NoteEvent>({
    type: 'note',
    commands: { TakeNote: z.strictObject({ text: z.string() }) },
    decider: { initialState: () => null, decide: () => [], evolve: (state) => state },
    snapshotEvery: 100,
    snapshotSchemaVersion: 1,
    ...(events && { events }),
  });

const domainOf = (events?: EventSchemas<NoteEvent['type']>) =>
  createDomain([defineFeature({ aggregate: notes(events), projections: [] })]);

describe('upcasting', () => {
  const { upcast } = domainOf(noteSchemas);

  it('chains every step from the stored version to the newest', () => {
    const v1 = { type: 'NoteTaken', version: 7, data: { text: 'hi' } };
    expect(upcast('note', v1)).toEqual({
      type: 'NoteTaken',
      version: 7,
      schemaVersion: 3,
      data: { text: 'hi', tags: [], by: 'unknown' },
    });
    const v2 = { type: 'NoteTaken', schemaVersion: 2, data: { text: 'hi', tags: ['a'] } };
    expect(upcast('note', v2).data).toEqual({ text: 'hi', tags: ['a'], by: 'unknown' });
  });

  it('leaves the event it was given as it was: stored events are never rewritten', () => {
    const stored = { type: 'NoteTaken', schemaVersion: 1, data: { text: 'hi' } };
    const before = structuredClone(stored);
    upcast('note', stored);
    expect(stored).toEqual(before);
  });

  it('returns an event already at the newest version untouched', () => {
    const newest = { type: 'NoteTaken', schemaVersion: 3, data: { text: 'hi', tags: [], by: 'ada' } };
    expect(upcast('note', newest)).toBe(newest);
    // A type without declarations is at version 1, with or without the field.
    const dropped = { type: 'NoteDropped', data: {} };
    expect(upcast('note', dropped)).toEqual({ ...dropped, schemaVersion: 1 });
    expect(upcast('note', dropped).data).toBe(dropped.data);
  });

  it('refuses an event at a version newer than the code knows, or at no version at all, by name', () => {
    const newer = { type: 'NoteTaken', schemaVersion: 4, data: {} };
    expect(() => upcast('note', newer)).toThrow(UnknownSchemaVersionError);
    expect(() => upcast('note', newer)).toThrow(
      /note\.NoteTaken is at schema version 4; this code reads versions 1 to 3/,
    );
    expect(() => upcast('note', { type: 'NoteDropped', schemaVersion: 2, data: {} })).toThrow(
      UnknownSchemaVersionError,
    );
    for (const schemaVersion of [0, -1, 1.5, Number.NaN]) {
      expect(() => upcast('note', { type: 'NoteTaken', schemaVersion, data: {} })).toThrow(UnknownSchemaVersionError);
    }
  });

  it('reads own declarations only: an event type named like an Object.prototype member has none', () => {
    expect(upcast('note', { type: 'constructor', data: {} }).schemaVersion).toBe(1);
    expect(currentSchemaVersion(notes(noteSchemas), 'toString')).toBe(1);
  });

  it("takes declarations of the aggregate's own event types only: a misspelt one does not compile", () => {
    const typo: EventSchemas<NoteEvent['type']> = {
      // @ts-expect-error NoteTakn is no event type of the aggregate
      NoteTakn: { version: 2, upcasters: { 1: (data: object) => data } },
    };
    expect(Object.keys(typo)).toEqual(['NoteTakn']);
  });

  it("writes new events at their type's current version", () => {
    expect(currentSchemaVersion(notes(noteSchemas), 'NoteTaken')).toBe(3);
    expect(currentSchemaVersion(notes(noteSchemas), 'NoteDropped')).toBe(1);
    expect(currentSchemaVersion(notes(), 'NoteTaken')).toBe(1);
  });

  it('is the same through the domain and through its aggregate registry; unknown aggregates are at version 1', () => {
    const domain = domainOf(noteSchemas);
    const event = { type: 'NoteTaken', data: { text: 'x' } };
    expect(domain.aggregates.upcast('note', event)).toEqual(domain.upcast('note', event));
    expect(domain.upcast('elsewhere', event)).toEqual({ ...event, schemaVersion: 1 });
  });
});

describe('a domain with an incomplete chain', () => {
  it('is refused when it is created, naming the missing step', () => {
    const gap = { NoteTaken: { version: 3, upcasters: { 1: (data: object) => data } } };
    expect(() => domainOf(gap)).toThrow(
      "Aggregate 'note' event 'NoteTaken' is at version 3 but has no upcaster from version 2 to 3",
    );
    expect(() => domainOf({ NoteTaken: { version: 2 } })).toThrow(/no upcaster from version 1 to 2/);
  });

  it('is refused when a step could never run (the version was not bumped) or the version is not one', () => {
    const stale = { NoteTaken: { version: 2, upcasters: { 1: (data: object) => data, 2: (data: object) => data } } };
    expect(() => domainOf(stale)).toThrow("event 'NoteTaken' is at version 2 but declares upcasters from 2");
    for (const version of [0, 1.5, Number.NaN]) {
      expect(() => domainOf({ NoteTaken: { version } })).toThrow(/is not an integer from 1/);
    }
  });

  it('without a domain, still fails on the read that needs the missing step rather than guess', () => {
    const gap = notes({ NoteTaken: { version: 2 } });
    expect(() => upcastEvent(gap, { type: 'NoteTaken', data: {} })).toThrow(/No upcaster for note\.NoteTaken/);
  });
});
