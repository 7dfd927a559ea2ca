/**
 * Rebuilding a process manager's state from the event store, for a process whose code changed or
 * whose state was lost: every stream of its sources is folded again from the start, and each
 * process's record is written as live processing would have left it, its pending deadlines
 * included. Nothing is sent: no command, no schedule, no cancellation (they happened when the
 * events were live; a deadline still scheduled keeps its id, so it still counts when it fires).
 * Deadline firings are not events: what a firing changed in a process's state without an event
 * following it (the archive process's does, through TodoListArchived) is not replayed.
 */
import { parseStreamKey } from '#core/ids';
import type { ProcessManager } from '#core/processManager';
import type { ProjectedEvent } from '#core/projection';
import type { Upcast } from '#core/upcasting';
import type { EventStore, StreamCatalog } from '#ports/eventStore';
import { type ReadModelStore, ViewConflictError } from '#ports/readModelStore';
import { pendingAfter } from './processEffects';
import { type ProcessRecord, recordOf, toStored } from './processRecord';
import { toProjected } from './viewChanges';

export interface ProcessRebuildDeps {
  eventStore: EventStore;
  upcast: Upcast;
  catalog: StreamCatalog;
  store: ReadModelStore;
  now?: () => Date;
}

const readStream = async (eventStore: EventStore, streamKey: string, upcast: Upcast): Promise<ProjectedEvent[]> => {
  const address = parseStreamKey(streamKey);
  const events: ProjectedEvent[] = [];
  for (let from = 1; ; ) {
    const page = await eventStore.read(streamKey, { fromVersion: from, limit: 1000 });
    for (const stored of page.events) events.push(toProjected(address, streamKey, stored, upcast));
    if (!page.hasMore || page.events.length === 0) return events;
    from = (page.events.at(-1)?.version ?? from) + 1;
  }
};

/** Folds every source stream of `manager` in `context` into fresh records; returns the processes written. */
export const processRebuild = async (
  deps: ProcessRebuildDeps,
  manager: ProcessManager,
  context: string,
): Promise<number> => {
  const records = new Map<string, ProcessRecord>();
  for (const source of manager.sources) {
    for await (const streamKey of deps.catalog.streamKeys(`${context}#${source}#`)) {
      for (const event of await readStream(deps.eventStore, streamKey, deps.upcast)) {
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
