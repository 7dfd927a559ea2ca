import { ownEntry } from '#core/ownEntry';
import type { ProjectedEvent, Projection, ProjectionRegistry } from '#core/projection';
import type { Upcast } from '#core/upcasting';
import { viewIndexOf } from '#core/viewIndex';
import type { EventStore } from '#ports/eventStore';
import { type ReadModelStore, type StoredView, ViewConflictError } from '#ports/readModelStore';
import { backoffDelay, type RetryPolicy } from './retryPolicy';
import { readSkipped, readWholeStream } from './streamReads';
import { changeOf, type ViewChange } from './viewChanges';

/** A view after an event changed it: what the pusher sends to subscribers. */
export type { ViewChange } from './viewChanges';

export interface ProjectionServiceDeps {
  projections: ProjectionRegistry;
  views: ReadModelStore;
  eventStore: EventStore;
  /** The domain's (`domain.upcast`): what rebuilds and gap healing read from the store, in its newest shape. */
  upcast: Upcast;
  /**
   * The stored names a projection's views are written under in a context: normally just its name;
   * during a rebuild also the generation being built. Defaults to the name.
   */
  targets?: (context: string, projection: Projection) => Promise<string[]>;
  retry?: RetryPolicy;
  now?: () => Date;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const viewRetry: RetryPolicy = { maxAttempts: 50, baseDelayMs: 1, maxDelayMs: 50 };

/**
 * Folds events into views. Each view stores, per source stream, the last version folded in, so:
 * an event at or below it is a duplicate or late and changes nothing; the next one is folded; one
 * further ahead means events are missing (split or reordered delivery), and those are read from
 * the event store and folded first, never skipped. Concurrent writers of one view (events of
 * different aggregates feeding the same view) meet at the store's revision check and retry.
 */
export class ProjectionService {
  private readonly retry: RetryPolicy;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: ProjectionServiceDeps) {
    this.retry = deps.retry ?? viewRetry;
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Folds one event into every view it changes; returns those views, also the ones that already
   * held the event (a redelivered event pushes them again).
   */
  async apply(event: ProjectedEvent): Promise<ViewChange[]> {
    const changes: ViewChange[] = [];
    for (const projection of this.deps.projections.forAggregateType(event.aggregateType)) {
      const key = projection.keyOf(event);
      if (key === undefined) continue;
      const targets = (await this.deps.targets?.(event.context, projection)) ?? [projection.name];
      for (const target of targets) {
        const change = await this.applyTo(projection, target, key, event);
        if (change) changes.push(change);
      }
    }
    return changes;
  }

  /**
   * Rebuild support: folds a whole stream into the views of `target` (a generation being built),
   * from wherever each view stands, so that running it again, or alongside live events, is safe.
   * Returns the number of events read.
   */
  async catchUpStream(projection: Projection, target: string, streamKey: string): Promise<number> {
    const history = await readWholeStream(this.deps.eventStore, streamKey, this.deps.upcast);
    const byKey = new Map<string, ProjectedEvent[]>();
    for (const event of history) {
      const key = projection.keyOf(event);
      if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    for (const [key, events] of byKey) await this.foldInto(projection, target, key, events);
    return history.length;
  }

  private async applyTo(
    projection: Projection,
    target: string,
    key: string,
    event: ProjectedEvent,
  ): Promise<ViewChange | undefined> {
    return this.foldInto(projection, target, key, [event], (last) => this.healGap(projection, key, event, last));
  }

  /**
   * Folds `events` (one stream, ascending, all for this key) into the view, skipping those at or
   * below the view's last version for the stream. `heal` supplies what is missing before the first
   * event when it is further ahead than the next one; without it the events must start there.
   */
  private async foldInto(
    projection: Projection,
    target: string,
    key: string,
    events: readonly ProjectedEvent[],
    heal?: (last: number) => Promise<ProjectedEvent[]>,
  ): Promise<ViewChange | undefined> {
    const newest = events.at(-1);
    if (!newest) return undefined;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      const stored = await this.deps.views.get(newest.context, target, key);
      const last = (stored && ownEntry(stored.sources, newest.streamKey)) ?? 0;
      // Already folded in: a redelivery, or our own write whose answer was lost (the retry meets
      // the revision check). Nothing to write, but the view is reported again: the push that
      // followed the write may never have happened, and a subscriber drops a version it has.
      if (stored && newest.version <= last) return changeOf(projection, key, stored);
      const first = events[0]?.version ?? 0;
      const toFold = heal && first > last + 1 ? await heal(last) : events.filter((event) => event.version > last);
      const view = this.fold(projection, target, key, stored, toFold, newest);
      try {
        await this.deps.views.put(view, stored?.revision ?? 0);
        return changeOf(projection, key, view, stored);
      } catch (error) {
        if (!(error instanceof ViewConflictError)) throw error;
        await this.sleep(backoffDelay(this.retry, attempt, this.random));
      }
    }
    throw new Error(`View ${target}/${key} stayed contended for ${this.retry.maxAttempts} attempts`);
  }

  /** The events after `last` up to and including `event`, read from the store, that touch this view. */
  private async healGap(
    projection: Projection,
    key: string,
    event: ProjectedEvent,
    last: number,
  ): Promise<ProjectedEvent[]> {
    const missing = await readSkipped(this.deps.eventStore, event, last, this.deps.upcast);
    return [...missing, event].filter((candidate) => projection.keyOf(candidate) === key);
  }

  private fold(
    projection: Projection,
    target: string,
    key: string,
    stored: StoredView | undefined,
    events: readonly ProjectedEvent[],
    event: ProjectedEvent,
  ): StoredView {
    let data = stored?.data ?? projection.initialView(key);
    for (const next of events) data = projection.evolve(data, next);
    const sources = { ...stored?.sources, [event.streamKey]: event.version };
    const total = Object.values(sources).reduce((sum, version) => sum + version, 0);
    return {
      context: event.context,
      projection: target,
      key,
      version: projection.versioning === 'aggregate' ? event.version : total,
      revision: (stored?.revision ?? 0) + 1,
      sources,
      data,
      updatedAt: this.now().toISOString(),
      ...(projection.index && { index: viewIndexOf(projection.index, key, data) }),
    };
  }
}
