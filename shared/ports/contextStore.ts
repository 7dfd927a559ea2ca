/**
 * Where the contexts of a deployment are recorded: one record per name, created active, later
 * retired, never deleted, so that a name is never reused (a reused name would revive the old
 * context's events and views under a new owner).
 */
import { CairnError } from '#core/errors';

export interface ContextRecord {
  name: string;
  state: 'active' | 'retired';
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601; set once, by the first retire. */
  retiredAt?: string;
}

/** The name is taken, in either state; `existing` is the record that holds it. */
export class ContextExistsError extends CairnError {
  override readonly name = 'ContextExistsError';
  constructor(readonly existing: ContextRecord) {
    super('CONTEXT_EXISTS', 409, `Context '${existing.name}' is ${existing.state}; names are not reused`, {
      context: existing,
    });
  }
}

export interface ContextStore {
  /** Every record, active and retired, sorted by name. */
  list(): Promise<ContextRecord[]>;
  get(name: string): Promise<ContextRecord | undefined>;
  /** Writes the record if the name was never taken; throws ContextExistsError otherwise. */
  create(record: ContextRecord): Promise<void>;
  /**
   * Marks the context retired and answers its record; idempotent (a second retire answers the
   * record of the first, `retiredAt` unchanged). Undefined when no such context was ever created.
   */
  retire(name: string, at: Date): Promise<ContextRecord | undefined>;
}
