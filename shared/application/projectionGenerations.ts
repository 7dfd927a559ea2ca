/**
 * Which stored generation of a projection readers use, and which one a rebuild is filling. Kept
 * in the read-model store itself (projection `_generations`, key = projection name), under the
 * same revision check as any view, so no other store is needed.
 *
 * A projection starts as generation 1, stored under its plain name. A rebuild fills
 * `name@<n+1>` while the worker keeps writing live events to both, then makes it the live one.
 */
import { type ReadModelStore, type StoredView, ViewConflictError } from '#ports/readModelStore';

export const GENERATIONS = '_generations';

/** How long a process may act on a generation state it read (the worker asks on every event). */
export const GENERATIONS_CACHE_MS = 1000;

export interface GenerationState {
  /** The stored name readers use. */
  live: string;
  /** The stored name a rebuild is filling, written by the worker as well. */
  building?: string;
  /** The rebuild filled `building` and left the switch to an operator; the worker keeps writing both. */
  built?: boolean;
  generation: number;
}

export const initialGenerations = (projection: string): GenerationState => ({ live: projection, generation: 1 });

export const storedNameOf = (projection: string, generation: number): string =>
  generation === 1 ? projection : `${projection}@${generation}`;

export class ProjectionGenerations {
  private readonly cache = new Map<string, { state: GenerationState; at: number }>();

  constructor(
    private readonly views: ReadModelStore,
    private readonly cacheMs = GENERATIONS_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async get(context: string, projection: string): Promise<GenerationState> {
    const cacheKey = `${context}\u0000${projection}`;
    const cached = this.cache.get(cacheKey);
    if (cached && this.now() - cached.at < this.cacheMs) return cached.state;
    const stored = await this.views.get(context, GENERATIONS, projection);
    const state = (stored?.data as GenerationState | undefined) ?? initialGenerations(projection);
    this.cache.set(cacheKey, { state, at: this.now() });
    return state;
  }

  /** Stored names to write an event to: the live generation and the one being built. */
  async writeTargets(context: string, projection: string): Promise<string[]> {
    const state = await this.get(context, projection);
    return state.building ? [state.live, state.building] : [state.live];
  }

  async readTarget(context: string, projection: string): Promise<string> {
    return (await this.get(context, projection)).live;
  }

  /** Changes the state under the revision check (again on a conflict); `change` returns the new state. */
  async update(
    context: string,
    projection: string,
    change: (state: GenerationState) => GenerationState,
  ): Promise<GenerationState> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryUpdate(context, projection, change);
      } catch (error) {
        if (!(error instanceof ViewConflictError) || attempt >= 10) throw error;
      }
    }
  }

  private async tryUpdate(
    context: string,
    projection: string,
    change: (state: GenerationState) => GenerationState,
  ): Promise<GenerationState> {
    const stored = await this.views.get(context, GENERATIONS, projection);
    const before = (stored?.data as GenerationState | undefined) ?? initialGenerations(projection);
    const after = change(before);
    const revision = (stored?.revision ?? 0) + 1;
    const view: StoredView = {
      context,
      projection: GENERATIONS,
      key: projection,
      version: after.generation,
      revision,
      sources: {},
      data: after,
      updatedAt: new Date(this.now()).toISOString(),
    };
    await this.views.put(view, stored?.revision ?? 0);
    this.cache.delete(`${context}\u0000${projection}`);
    return after;
  }
}
