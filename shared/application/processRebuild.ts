import type { ProcessManager } from '#core/processManager';
import type { Upcast } from '#core/upcasting';
import type { EventStore, StreamCatalog } from '#ports/eventStore';
import { type ReadModelStore, ViewConflictError } from '#ports/readModelStore';
import { pendingAfter } from './processEffects';
import { type ProcessRecord, recordOf, toStored } from './processRecord';
import { readWholeStream } from './streamReads';

export interface ProcessRebuildDeps {
  eventStore: EventStore;
  upcast: Upcast;
  catalog: StreamCatalog;
  store: ReadModelStore;
  now?: () => Date;
}

/** Folds every source stream of `manager` in `context` into fresh records; returns the processes written. */
export const processRebuild = async (
  deps: ProcessRebuildDeps,
  manager: ProcessManager,
  context: string,
): Promise<number> => {
  const records = new Map<string, ProcessRecord>();
  for (const source of manager.sources) {
    for await (const streamKey of deps.catalog.streamKeys(`${context}#${source}#`)) {
      for (const event of await readWholeStream(deps.eventStore, streamKey, deps.upcast)) {
        const key = manager.keyOf(event);
        if (key === undefined) continue;
        const record = records.get(key) ?? recordOf(undefined, () => manager.initialState(key));
        const reaction = manager.react(record.state, event);
        // The ids (from the cause) decide whether a firing counts; the due time is kept below.
        const effects = { cause: `${event.streamKey}@${event.version}`, from: new Date(0).toISOString(), reaction };
        records.set(key, {
          state: reaction.state,
          deadlines: pendingAfter(record.deadlines, context, manager, key, effects),
          sources: { ...record.sources, [event.streamKey]: event.version },
          folded: record.folded + 1,
        });
      }
    }
  }
  for (const [key, record] of records) {
    for (;;) {
      const stored = await deps.store.get(context, manager.name, key);
      // A deadline pending before and after keeps the due time it was scheduled with (the stored
      // events carry no commit time to count from again).
      const before = recordOf(stored, () => undefined).deadlines;
      const deadlines = Object.fromEntries(
        Object.entries(record.deadlines).map(([name, pending]) => [
          name,
          before[name]?.id === pending.id ? (before[name] ?? pending) : pending,
        ]),
      );
      const next = { ...record, deadlines, folded: Math.max(record.folded, stored?.version ?? 0) };
      try {
        await deps.store.put(
          toStored(context, manager.name, key, next, stored, deps.now?.() ?? new Date()),
          stored?.revision ?? 0,
        );
        break;
      } catch (error) {
        if (!(error instanceof ViewConflictError)) throw error;
      }
    }
  }
  return records.size;
};
