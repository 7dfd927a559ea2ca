/**
 * The contexts of a deployment and their lifecycle: created (active), then retired. A retired
 * context keeps its data but answers nothing (404 UNKNOWN_CONTEXT), and its name is not reused.
 * The records live in a ContextStore (a file locally, a DynamoDB table deployed); the catalog
 * answers the handlers' question (`isActive`) from a cache of the active set, since every request
 * asks it and contexts change rarely.
 */
import { UnknownContextError, ValidationError } from '#core/errors';
import { CONTEXT_PATTERN } from '#core/ids';
import type { ContextGate } from '#ports/contextGate';
import { ContextExistsError, type ContextRecord, type ContextStore } from '#ports/contextStore';

export type { ContextRecord } from '#ports/contextStore';

export interface ContextCatalogOptions {
  /** Names created if absent (CAIRN_CONTEXTS), once per catalog; a retired one stays retired. */
  seed?: Iterable<string>;
  /**
   * How long the cached active set answers before a check reads the store again: the delay
   * before another instance's create or retire is seen here (this catalog's own are seen at once).
   */
  refreshMs?: number;
  /** The seeds' creation time. */
  now?: () => Date;
  /** Milliseconds, for the cache's age (tests pass a fake clock). */
  clock?: () => number;
  /** A refresh failed while an older set could answer: the checks go on with that set meanwhile. */
  onRefreshError?: (error: unknown) => void;
}

/** Lambda's default: one store read per instance every 5 s at most, whatever the traffic. */
export const DEFAULT_REFRESH_MS = 5000;

export class ContextCatalog implements ContextGate {
  /**
   * The active contexts as last read, kept in step with this catalog's own writes: what
   * `isActive` answers from between refreshes.
   */
  readonly active: ReadonlySet<string> = new Set<string>();
  private readonly records = new Map<string, ContextRecord>();
  private readonly seedNames: string[];
  private readonly refreshMs: number;
  private readonly now: () => Date;
  private readonly clock: () => number;
  private readonly onRefreshError: (error: unknown) => void;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  private seeding: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly store: ContextStore,
    options: ContextCatalogOptions = {},
  ) {
    this.seedNames = [...new Set(options.seed ?? [])];
    for (const name of this.seedNames) assertContextName(name, 'seed');
    this.refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
    if (!(this.refreshMs >= 0)) throw new RangeError(`refreshMs must be 0 or more, not ${this.refreshMs}`);
    this.now = options.now ?? (() => new Date());
    this.clock = options.clock ?? Date.now;
    this.onRefreshError = options.onRefreshError ?? (() => {});
  }

  /**
   * Loads the active set, once (a failure is retried by the next call). It writes nothing: a seed
   * that the store does not hold yet counts as active, as it will be once written, so a function
   * that may only read the catalog serves the deployment's contexts all the same.
   */
  ready(): Promise<void> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  /**
   * Writes the seeds the store does not hold yet (conditional creates: several instances may seed
   * at once), once. What changes or lists the catalog does it first; a process that may write
   * (the local runtime) can do it at start.
   */
  seed(): Promise<void> {
    this.seeding ??= this.seedOnce().catch((error: unknown) => {
      this.seeding = undefined;
      throw error;
    });
    return this.seeding;
  }

  async isActive(context: string): Promise<boolean> {
    if (!CONTEXT_PATTERN.test(context)) return false;
    await this.ready();
    if (this.clock() - this.loadedAt >= this.refreshMs) await this.refresh();
    return this.active.has(context);
  }

  /** Every record, active and retired, sorted by name, read from the store (not the cache). */
  async list(): Promise<ContextRecord[]> {
    await this.seed();
    const startedAt = this.clock();
    const records = await this.store.list();
    this.merge(records, startedAt);
    return records;
  }

  async create(name: string, now: Date): Promise<ContextRecord> {
    assertContextName(name, 'name');
    await this.seed();
    const record: ContextRecord = { name, state: 'active', createdAt: now.toISOString() };
    try {
      await this.store.create(record);
    } catch (error) {
      // CONTEXT_EXISTS (409), with the record that holds the name; the cache learns it too.
      if (error instanceof ContextExistsError) this.merge([error.existing]);
      throw error;
    }
    this.merge([record]);
    return record;
  }

  /** Idempotent: retiring a retired context answers its record again. */
  async retire(name: string, now: Date): Promise<ContextRecord> {
    // A malformed name was never created; the store is not asked (DynamoDB refuses an empty key).
    if (!CONTEXT_PATTERN.test(name)) throw new UnknownContextError(name);
    await this.seed();
    const record = await this.store.retire(name, now);
    if (!record) throw new UnknownContextError(name);
    this.merge([record]);
    return record;
  }

  private async load(): Promise<void> {
    const startedAt = this.clock();
    const records = await this.store.list();
    const taken = new Set(records.map((record) => record.name));
    const unwritten = this.seedNames.filter((seed) => !taken.has(seed));
    // Counted, not stored: `seed()` writes them (a later read finds the same names active, or retired).
    for (const name of unwritten) records.push({ name, state: 'active', createdAt: this.now().toISOString() });
    this.merge(records, startedAt);
  }

  private async seedOnce(): Promise<void> {
    await this.ready();
    const taken = new Set((await this.store.list()).map((record) => record.name));
    for (const name of this.seedNames.filter((seed) => !taken.has(seed))) {
      try {
        await this.store.create({ name, state: 'active', createdAt: this.now().toISOString() });
      } catch (error) {
        // Another instance seeded it (or an admin created it) first: its record stands.
        if (!(error instanceof ContextExistsError)) throw error;
      }
    }
    // Nothing to merge: the seeds counted as active already, and what other instances did
    // reaches this cache by its refresh, as for every other read.
  }

  /** One store read at a time, however many checks find the set old. */
  private refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const startedAt = this.clock();
    this.refreshing = Promise.resolve()
      .then(() => this.store.list())
      .then(
        (records) => this.merge(records, startedAt),
        // `ready` loaded a set already, so a failed refresh leaves a set a little older, not none.
        (error: unknown) => this.onRefreshError(error),
      )
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  /**
   * Folds records into the cache. The lifecycle only goes forward (absent, active, retired) and
   * records are never deleted, so keeping the later state of each name is right even when the
   * records were read before one of this catalog's own writes.
   */
  private merge(records: readonly ContextRecord[], readAt?: number): void {
    const active = this.active as Set<string>;
    for (const record of records) {
      const known = this.records.get(record.name);
      if (known && (known.state === 'retired' || record.state === 'active')) continue;
      this.records.set(record.name, record);
      if (record.state === 'active') active.add(record.name);
      else active.delete(record.name);
    }
    if (readAt !== undefined) this.loadedAt = Math.max(this.loadedAt, readAt);
  }
}

const assertContextName = (name: string, path: string): void => {
  if (!CONTEXT_PATTERN.test(name)) {
    throw new ValidationError(`Invalid context name '${name}'`, [
      { path, message: 'lowercase letters, digits and dashes, 1-32 characters' },
    ]);
  }
};
