/**
 * Event upcasting. Stored events are never rewritten: each carries the schema version of its
 * type's shape when it was written, and readers (aggregate loads, projections, processes, the
 * events endpoint) get it in its type's newest shape, turned step by step by pure functions the
 * aggregate declares beside its events. A chain with a missing step is refused when the domain is
 * created (`checkEventSchemas`), never on the read that would need it.
 */
import { ownEntry } from './ownEntry';

/**
 * One step of a type's history: data at version n in, data at version n + 1 out. Pure, like a
 * decider. The shape it reads was written by older code, which today's types no longer describe:
 * annotate the parameter with that version's shape (`(data: TodoAddedV1) => ...`).
 */
// biome-ignore lint/suspicious/noExplicitAny: an old shape is whatever its code wrote; see above.
export type Upcaster = (data: any) => unknown;

/** The history of one event type's shape. */
export interface EventSchema {
  /** The version new events of the type are written at: 1 for a first shape, one more per change. */
  version: number;
  /** `upcasters[n]` turns version n into n + 1, for every n from 1 to `version - 1`. */
  upcasters?: Readonly<Record<number, Upcaster>>;
}

/** Per event type, its shape's history; a type not listed is at version 1 and has no upcasters. */
export type EventSchemas<Type extends string = string> = Readonly<Partial<Record<Type, EventSchema>>>;

/** An event as stored or carried: `schemaVersion` absent means 1 (written before versions were stored). */
export interface SchemaVersioned {
  type: string;
  schemaVersion?: number;
  data: unknown;
}

/** The event in its type's newest shape, with that version. */
export type Upcast = <E extends SchemaVersioned>(aggregateType: string, event: E) => E & { schemaVersion: number };

/** What upcasting reads of an aggregate definition (aggregate.ts): its type and its events' schemas. */
export interface VersionedEvents {
  type: string;
  events?: EventSchemas;
}

/**
 * An event at a version this code has no upcaster for: written by newer code (a rollback, or a
 * deploy still rolling out), or not a version at all. Reading it in another shape would be a guess.
 */
export class UnknownSchemaVersionError extends Error {
  override readonly name = 'UnknownSchemaVersionError';
  constructor(aggregateType: string, type: string, schemaVersion: unknown, newest: number) {
    super(
      `Event ${aggregateType}.${type} is at schema version ${String(schemaVersion)}; this code reads versions 1 to ${newest}`,
    );
  }
}

// Own entries only: an event type read from the store must not find `constructor` on a prototype.
const schemaOf = (aggregate: VersionedEvents, type: string): EventSchema | undefined =>
  aggregate.events && ownEntry<EventSchema | undefined>(aggregate.events, type);
const stepOf = (schema: EventSchema | undefined, from: number): Upcaster | undefined =>
  schema?.upcasters && ownEntry<Upcaster>(schema.upcasters as Record<string, Upcaster>, String(from));

/** The version new events of `type` are written at. */
export const currentSchemaVersion = (aggregate: VersionedEvents, type: string): number =>
  schemaOf(aggregate, type)?.version ?? 1;

/** Throws, naming the aggregate, event type and step, unless every declared chain is whole. */
export const checkEventSchemas = (aggregate: VersionedEvents): void => {
  for (const [type, schema] of Object.entries(aggregate.events ?? {})) {
    const where = `Aggregate '${aggregate.type}' event '${type}'`;
    const version = schema?.version;
    if (!Number.isInteger(version) || (version as number) < 1) {
      throw new Error(`${where}: schema version ${String(version)} is not an integer from 1`);
    }
    for (let from = 1; from < (version as number); from++) {
      if (typeof stepOf(schema, from) !== 'function') {
        throw new Error(`${where} is at version ${version} but has no upcaster from version ${from} to ${from + 1}`);
      }
    }
    // A step from the current version or later would never run: most likely `version` was not bumped.
    const stray = Object.keys(schema?.upcasters ?? {}).filter(
      (from) => !(Number(from) >= 1 && Number(from) < (version as number)),
    );
    if (stray.length > 0) {
      throw new Error(`${where} is at version ${version} but declares upcasters from ${stray.join(', ')}`);
    }
  }
};

/**
 * The event in its type's newest shape. One already there is returned as it is (the same data);
 * an older one gets each step from its version on; a newer or malformed version throws.
 */
export const upcastEvent = <E extends SchemaVersioned>(
  aggregate: VersionedEvents,
  event: E,
): E & { schemaVersion: number } => {
  const schema = schemaOf(aggregate, event.type);
  const newest = schema?.version ?? 1;
  const from = event.schemaVersion ?? 1;
  if (from === newest) {
    return event.schemaVersion === newest
      ? (event as E & { schemaVersion: number })
      : { ...event, schemaVersion: from };
  }
  if (!Number.isInteger(from) || from < 1 || from > newest) {
    throw new UnknownSchemaVersionError(aggregate.type, event.type, event.schemaVersion, newest);
  }
  let data = event.data;
  for (let version = from; version < newest; version++) {
    const step = stepOf(schema, version);
    // checkEventSchemas refuses a domain with a gap; this guards a definition used without a domain.
    if (!step) throw new Error(`No upcaster for ${aggregate.type}.${event.type} from version ${version}`);
    data = step(data);
  }
  return { ...event, schemaVersion: newest, data };
};

/** The domain's `Upcast`, over its aggregates: an unregistered type has no schemas (all at version 1). */
export const upcastBy =
  (byType: (aggregateType: string) => VersionedEvents | undefined): Upcast =>
  (aggregateType, event) =>
    upcastEvent(byType(aggregateType) ?? { type: aggregateType }, event);
