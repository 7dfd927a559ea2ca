/**
 * Where each projection of a context stands against the event store. The store has no global
 * position (a commit is one item of its own stream), so a projection's position is counted per
 * source stream: the newest version any view of a generation folded from it, against the stream's
 * head. A stream whose newer events no view of the projection keys (`keyOf` answers none) counts
 * as caught up. It walks the streams and the views: a tool's read, bounded (MAX_STREAMS,
 * MAX_VIEWS), and `partial` says when a bound cut it short.
 */
import { parseStreamKey } from '#core/ids';
import type { Projection, ProjectionRegistry } from '#core/projection';
import type { Upcast } from '#core/upcasting';
import type { EventStore, StreamCatalog } from '#ports/eventStore';
import type { ReadModelStore } from '#ports/readModelStore';
import { mapBounded } from './boundedConcurrency';
import { type GenerationState, type ProjectionGenerations, storedNameOf } from './projectionGenerations';
import { toProjected } from './viewChanges';

export const MAX_STREAMS = 500;
export const MAX_VIEWS = 5000;
/** Newer events read to see whether a stream's tail concerns the projection at all. */
const TAIL_EVENTS = 100;

export interface GenerationStatus {
  generation: number;
  storedName: string;
  /** live: read; building: being filled; built: filled and written live, waiting to be switched to; retired: kept, not written. */
  role: 'live' | 'building' | 'built' | 'retired';
  /** Events of the source streams folded in (the store's events count for a stream that is caught up). */
  position?: number;
  views?: number;
  /** Source streams with events not folded in yet. */
  streamsBehind?: number;
}

export interface ProjectionStatus {
  name: string;
  sources: readonly string[];
  versioning: Projection['versioning'];
  /** The event store: source streams and their events. */
  head: { streams: number; events: number };
  generations: GenerationStatus[];
  partial: boolean;
}

export interface ProjectionStatusDeps {
  projections: ProjectionRegistry;
  generations: ProjectionGenerations;
  views: ReadModelStore;
  eventStore: EventStore;
  catalog: StreamCatalog;
  upcast: Upcast;
}

const roleOf = (state: GenerationState, generation: number, name: string): GenerationStatus['role'] => {
  const stored = storedNameOf(name, generation);
  if (stored === state.live) return 'live';
  if (stored === state.building) return state.built ? 'built' : 'building';
  return 'retired';
};

/** Every projection of the registry in `context`, with its generations and their positions. */
export const projectionStatuses = async (deps: ProjectionStatusDeps, context: string): Promise<ProjectionStatus[]> => {
  const heads = new Map<string, Promise<{ streams: Map<string, number>; partial: boolean }>>();
  const headsOf = (type: string) => {
    let found = heads.get(type);
    if (!found) {
      found = streamHeads(deps, `${context}#${type}#`);
      heads.set(type, found);
    }
    return found;
  };
  const statuses: ProjectionStatus[] = [];
  for (const name of deps.projections.names()) {
    const projection = deps.projections.require(name);
    const streams = new Map<string, number>();
    let partial = false;
    for (const source of projection.sources) {
      const found = await headsOf(source);
      partial ||= found.partial;
      for (const [key, head] of found.streams) streams.set(key, head);
    }
    const state = await deps.generations.get(context, name);
    const newest = state.building ? state.generation + 1 : state.generation;
    const generations: GenerationStatus[] = [];
    for (let generation = newest; generation >= 1; generation--) {
      const role = roleOf(state, generation, name);
      const storedName = storedNameOf(name, generation);
      if (role === 'retired') generations.push({ generation, storedName, role });
      else {
        const { partial: cut, ...position } = await positionOf(deps, projection, context, storedName, streams);
        partial ||= cut;
        generations.push({ generation, storedName, role, ...position });
      }
    }
    const events = [...streams.values()].reduce((sum, head) => sum + head, 0);
    const { versioning, sources } = projection;
    statuses.push({ name, sources, versioning, head: { streams: streams.size, events }, generations, partial });
  }
  return statuses;
};

const streamHeads = async (deps: ProjectionStatusDeps, prefix: string) => {
  const keys: string[] = [];
  let partial = false;
  for await (const key of deps.catalog.streamKeys(prefix)) {
    if (keys.length >= MAX_STREAMS) {
      partial = true;
      break;
    }
    keys.push(key);
  }
  const versions = await mapBounded(keys, 8, (key) => deps.eventStore.currentVersion(key));
  return { streams: new Map(keys.map((key, index) => [key, versions[index] ?? 0])), partial };
};

const positionOf = async (
  deps: ProjectionStatusDeps,
  projection: Projection,
  context: string,
  storedName: string,
  heads: ReadonlyMap<string, number>,
) => {
  const folded = new Map<string, number>();
  let views = 0;
  let partial = false;
  for await (const view of deps.views.list(context, storedName)) {
    if (views >= MAX_VIEWS) {
      partial = true;
      break;
    }
    views += 1;
    for (const [stream, version] of Object.entries(view.sources)) {
      folded.set(stream, Math.max(folded.get(stream) ?? 0, version));
    }
  }
  let position = 0;
  let streamsBehind = 0;
  for (const [stream, head] of heads) {
    const done = folded.get(stream) ?? 0;
    if (done >= head || !(await tailConcerns(deps, projection, stream, done))) position += head;
    else {
      position += done;
      streamsBehind += 1;
    }
  }
  return { position, views, streamsBehind, partial };
};

/** Whether any event after `done` (of the next TAIL_EVENTS) changes a view of the projection. */
const tailConcerns = async (deps: ProjectionStatusDeps, projection: Projection, stream: string, done: number) => {
  const { events, hasMore } = await deps.eventStore.read(stream, { fromVersion: done + 1, limit: TAIL_EVENTS });
  const address = parseStreamKey(stream);
  const keyed = events.some(
    (stored) => projection.keyOf(toProjected(address, stream, stored, deps.upcast)) !== undefined,
  );
  return keyed || hasMore;
};
