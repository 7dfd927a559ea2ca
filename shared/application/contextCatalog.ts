/**
 * The contexts of a deployment and their lifecycle: created (active), then retired. A retired
 * context keeps its data but answers nothing (404 UNKNOWN_CONTEXT), and its name is not reused.
 * `active` is one live set that the handlers hold: creating or retiring takes effect at once.
 */
import { CairnError, UnknownContextError, ValidationError } from '../core/errors';
import { CONTEXT_PATTERN } from '../core/ids';

export interface ContextRecord {
  name: string;
  state: 'active' | 'retired';
  createdAt: string;
  retiredAt?: string;
}

/** Where the records are kept between restarts. */
export interface ContextRecordStore {
  load(): ContextRecord[];
  save(records: readonly ContextRecord[]): void;
}

export class ContextCatalog {
  /** The active contexts, the set every handler checks (`isKnownContext`). */
  readonly active = new Set<string>();
  private readonly records = new Map<string, ContextRecord>();

  constructor(
    private readonly store: ContextRecordStore,
    seed: Iterable<string>,
    now: () => Date,
  ) {
    for (const record of store.load()) this.records.set(record.name, record);
    let seeded = false;
    for (const name of seed) {
      if (this.records.has(name)) continue;
      this.records.set(name, { name, state: 'active', createdAt: now().toISOString() });
      seeded = true;
    }
    if (seeded) this.persist();
    for (const record of this.records.values()) if (record.state === 'active') this.active.add(record.name);
  }

  async isActive(name: string): Promise<boolean> {
    return this.active.has(name);
  }

  list(): ContextRecord[] {
    return [...this.records.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  create(name: string, now: Date): ContextRecord {
    if (!CONTEXT_PATTERN.test(name)) {
      throw new ValidationError('Invalid context name', [
        { path: 'name', message: 'lowercase letters, digits and dashes, 1-32 characters' },
      ]);
    }
    const existing = this.records.get(name);
    if (existing) {
      throw new CairnError('CONTEXT_EXISTS', 409, `Context '${name}' is ${existing.state}; names are not reused`, {
        context: existing,
      });
    }
    const record: ContextRecord = { name, state: 'active', createdAt: now.toISOString() };
    this.records.set(name, record);
    this.persist();
    this.active.add(name);
    return record;
  }

  /** Idempotent: retiring a retired context answers its record again. */
  retire(name: string, now: Date): ContextRecord {
    const existing = this.records.get(name);
    if (!existing) throw new UnknownContextError(name);
    if (existing.state === 'retired') return existing;
    const record: ContextRecord = { ...existing, state: 'retired', retiredAt: now.toISOString() };
    this.records.set(name, record);
    this.persist();
    this.active.delete(name);
    return record;
  }

  private persist(): void {
    this.store.save([...this.records.values()]);
  }
}
