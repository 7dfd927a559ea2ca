import { CairnError } from '#core/errors';
import type { ProjectionRegistry } from '#core/projection';
import type { StreamCatalog } from '#ports/eventStore';
import type { GenerationState, ProjectionGenerations } from './projectionGenerations';
import { storedNameOf } from './projectionGenerations';
import type { ProjectionService } from './projectionService';

export interface RebuildProgress {
  context: string;
  projection: string;
  /** The generation being built (and, once live, read). */
  generation: number;
  /** built: filled, written live beside the live generation, waiting for `switchGeneration`. */
  state: 'preparing' | 'building' | 'built' | 'live' | 'failed';
  streamsTotal: number;
  streamsDone: number;
  events: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
}

export interface RebuildDeps {
  projections: ProjectionRegistry;
  service: ProjectionService;
  generations: ProjectionGenerations;
  catalog: StreamCatalog;
  /** Longer than the generations cache: after it, every worker writes live events to both generations. */
  settleMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

/**
 * Rebuilds a projection into a fresh generation while live traffic goes on, then switches readers:
 * 1. mark generation n+1 as building: workers write every live event to it as well as to n;
 * 2. wait until every worker has seen that (the generations cache expires);
 * 3. fold every source stream into n+1 from the event store (a view's per-stream version guard
 *    makes the meeting of replayed and live events safe in either order);
 * 4. make n+1 live. A worker that still holds the old state writes to both, so n+1 misses nothing.
 * The views of generation n stay in the store.
 */
export const rebuildProjection = async (
  deps: RebuildDeps,
  context: string,
  name: string,
  onProgress: (progress: RebuildProgress) => void = () => {},
  /** switch: readers move to the new generation once it is built; hold: it waits for an operator. */
  mode: 'switch' | 'hold' = 'switch',
): Promise<RebuildProgress> => {
  const projection = deps.projections.require(name);
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const marked = await deps.generations.update(context, name, (state) => {
    if (state.building) {
      const waiting = state.built ? `; switch to it or discard it first` : '';
      throw new CairnError(
        'REBUILD_IN_PROGRESS',
        409,
        `A rebuild of '${name}' is already building ${state.building}${waiting}`,
      );
    }
    return { ...state, building: storedNameOf(name, state.generation + 1) };
  });
  const target = marked.building ?? '';
  const progress: RebuildProgress = {
    context,
    projection: name,
    generation: marked.generation + 1,
    state: 'preparing',
    streamsTotal: 0,
    streamsDone: 0,
    events: 0,
    startedAt: now().toISOString(),
  };
  try {
    await sleep(deps.settleMs);
    const streams: string[] = [];
    for (const source of projection.sources) {
      for await (const key of deps.catalog.streamKeys(`${context}#${source}#`)) streams.push(key);
    }
    Object.assign(progress, { state: 'building', streamsTotal: streams.length });
    onProgress({ ...progress });
    for (const streamKey of streams) {
      progress.events += await deps.service.catchUpStream(projection, target, streamKey);
      progress.streamsDone += 1;
      onProgress({ ...progress });
    }
    if (mode === 'hold') {
      await deps.generations.update(context, name, (state) => ({ ...state, built: true }));
      Object.assign(progress, { state: 'built', finishedAt: now().toISOString() });
    } else {
      await deps.generations.update(context, name, (state) => ({ live: target, generation: state.generation + 1 }));
      Object.assign(progress, { state: 'live', finishedAt: now().toISOString() });
    }
  } catch (error) {
    // Leave generation n live and stop writing to n+1: a later rebuild starts clean.
    await deps.generations
      .update(context, name, (state) => ({ live: state.live, generation: state.generation }))
      .catch(() => undefined);
    Object.assign(progress, { state: 'failed', error: String(error), finishedAt: now().toISOString() });
  }
  onProgress({ ...progress });
  return progress;
};

/**
 * An operator's switch, for a rebuild that held (`mode: 'hold'`): to the built generation (readers
 * move to it; the old one stays in the store, no longer written), or back to the live one's number,
 * which discards the built generation (the worker stops writing it). A generation still being
 * built, or any other, is refused: GENERATION_NOT_SWITCHABLE.
 */
export const switchGeneration = (
  generations: ProjectionGenerations,
  context: string,
  name: string,
  generation: number,
): Promise<GenerationState> =>
  generations.update(context, name, (state) => {
    if (state.building && state.built && generation === state.generation + 1) {
      return { live: state.building, generation: state.generation + 1 };
    }
    if (state.building && state.built && generation === state.generation) {
      return { live: state.live, generation: state.generation };
    }
    const why = state.building
      ? `generation ${state.generation + 1} is still being built`
      : `no built generation waits; ${state.generation} is live`;
    throw new CairnError('GENERATION_NOT_SWITCHABLE', 409, `Cannot switch '${name}' to ${generation}: ${why}`, {
      live: state.generation,
      ...(state.building && { building: state.generation + 1, built: state.built === true }),
    });
  });
