/**
 * A process's stored record: its state, its pending deadlines (name → the id of the scheduling
 * that counts, and when it is due), and per source stream the last version folded in. It is kept
 * in a read-model store (the processes table, `processes.jsonl` embedded) as a view whose `data`
 * is the state and the deadlines and whose `version` counts the inputs folded.
 */
import type { StoredView } from '#ports/readModelStore';

export type PendingDeadlines = Record<string, { id: string; dueAt: string }>;

export interface ProcessRecord {
  state: unknown;
  deadlines: PendingDeadlines;
  sources: Record<string, number>;
  /** Events and deadlines folded so far. */
  folded: number;
}

/** Own entries only: deadline names and stream keys are looked up in these. */
const ownMap = <T>(entries: Record<string, T> | undefined): Record<string, T> =>
  Object.assign(Object.create(null) as Record<string, T>, entries);

export const recordOf = (stored: StoredView | undefined, initialState: () => unknown): ProcessRecord => {
  if (!stored) return { state: initialState(), deadlines: ownMap({}), sources: ownMap({}), folded: 0 };
  const data = stored.data as { state: unknown; deadlines?: PendingDeadlines };
  return {
    state: data.state,
    deadlines: ownMap(data.deadlines),
    sources: ownMap(stored.sources),
    folded: stored.version,
  };
};

export const toStored = (
  context: string,
  process: string,
  key: string,
  record: ProcessRecord,
  stored: StoredView | undefined,
  now: Date,
): StoredView => ({
  context,
  projection: process,
  key,
  version: record.folded,
  revision: (stored?.revision ?? 0) + 1,
  sources: { ...record.sources },
  data: { state: record.state, deadlines: { ...record.deadlines } },
  updatedAt: now.toISOString(),
});
