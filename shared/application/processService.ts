import { ownEntry } from '#core/ownEntry';
import type { ProcessManager, ProcessRegistry } from '#core/processManager';
import type { ProjectedEvent } from '#core/projection';
import type { Upcast } from '#core/upcasting';
import type { DeadlineScheduler } from '#ports/deadlineScheduler';
import type { EventStore } from '#ports/eventStore';
import type { MessageQueue } from '#ports/messageQueue';
import { type ReadModelStore, ViewConflictError } from '#ports/readModelStore';
import type { CommandRequest } from './commandRequest';
import { projectedEventOf } from './eventMessage';
import { type Effects, pendingAfter, performEffects } from './processEffects';
import type { ProcessDeadlineMessage, ProcessEventMessage, ProcessMessage } from './processMessages';
import { type PendingDeadlines, type ProcessRecord, recordOf, toStored } from './processRecord';
import { readSkipped } from './streamReads';

export interface ProcessServiceDeps {
  processes: ProcessRegistry;
  /** Each process's state, with the positions folded and its pending deadlines (processRecord.ts). */
  store: ReadModelStore;
  eventStore: EventStore;
  /** Every event reaches a process in its type's newest shape. */
  upcast: Upcast;
  /** Where a process's commands go: the command pipeline's queue, idempotent by command id. */
  commands: { enqueue(request: CommandRequest): Promise<unknown> };
  deadlines: DeadlineScheduler;
  /** A deadline already due when scheduled is sent here at once, as its schedule would. */
  processQueue: MessageQueue;
  now?: () => Date;
}

const MAX_ATTEMPTS = 5;

/**
 * Runs process managers: one message (an event, or a deadline that fired) of one process at a
 * time, as the process queue's FIFO group delivers them. The effects (commands, schedules,
 * cancellations) go out before the state is written, each idempotent by a deterministic id: after a
 * crash between the two the message comes again, the same effects are made again and absorbed
 * downstream, and only then is the state written. An event at or below the position folded is a
 * no-op; one further ahead is preceded by what is missing, read from the event store.
 */
export class ProcessService {
  private readonly now: () => Date;

  constructor(private readonly deps: ProcessServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async handle(message: ProcessMessage): Promise<void> {
    const manager = this.deps.processes.byName(message.process);
    if (!manager) throw new Error(`No process manager '${message.process}' in this domain`);
    if (message.kind === 'event') await this.onEvent(manager, message);
    else await this.onDeadline(manager, message);
  }

  private async onEvent(manager: ProcessManager, message: ProcessEventMessage): Promise<void> {
    const event = await projectedEventOf(message.event, this.deps.eventStore, this.deps.upcast);
    const { key } = message;
    await this.fold(manager, event.context, key, async (record) => {
      const last = ownEntry(record.sources, event.streamKey) ?? 0;
      if (event.version <= last) return undefined; // a duplicate, or late: folded already
      const inputs = event.version > last + 1 ? await this.missing(manager, key, event, last) : [event];
      const effects: Effects[] = [];
      let { state, deadlines } = record;
      for (const input of inputs) {
        const reaction = manager.react(state, input);
        effects.push({ cause: `${input.streamKey}@${input.version}`, from: message.event.committedAt, reaction });
        state = reaction.state;
        deadlines = pendingAfter(deadlines, event.context, manager, key, effects.at(-1) as Effects);
      }
      const sources = { ...record.sources, [event.streamKey]: event.version };
      return { next: { ...record, state, deadlines, sources, folded: record.folded + inputs.length }, effects };
    });
  }

  private async onDeadline(manager: ProcessManager, message: ProcessDeadlineMessage): Promise<void> {
    const { key, context, name } = message;
    await this.fold(manager, context, key, async (record) => {
      // Cancelled, replaced by a later scheduling of its name, or fired already: nothing to do.
      if (ownEntry(record.deadlines, name)?.id !== message.id) return undefined;
      const fired = { name, dueAt: message.dueAt, ...(message.payload !== undefined && { payload: message.payload }) };
      const reaction = manager.onDeadline?.(record.state, fired) ?? { state: record.state };
      const effects: Effects = { cause: `deadline:${message.id}`, from: message.dueAt, reaction };
      const remaining: PendingDeadlines = Object.assign(Object.create(null), record.deadlines);
      delete remaining[name];
      const deadlines = pendingAfter(remaining, context, manager, key, effects);
      return { next: { ...record, state: reaction.state, deadlines, folded: record.folded + 1 }, effects: [effects] };
    });
  }

  /** Reads the record, lets `step` decide, makes the effects, then writes (retried on a conflict). */
  private async fold(
    manager: ProcessManager,
    context: string,
    key: string,
    step: (record: ProcessRecord) => Promise<{ next: ProcessRecord; effects: Effects[] } | undefined>,
  ): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const stored = await this.deps.store.get(context, manager.name, key);
      const record = recordOf(stored, () => manager.initialState(key));
      const decided = await step(record);
      if (!decided) return;
      for (const effects of decided.effects)
        await performEffects(this.deps, this.now(), { manager, context, key }, effects);
      try {
        await this.deps.store.put(
          toStored(context, manager.name, key, decided.next, stored, this.now()),
          stored?.revision ?? 0,
        );
        return;
      } catch (error) {
        if (!(error instanceof ViewConflictError)) throw error;
      }
    }
    throw new Error(`Process ${manager.name}/${key} stayed contended for ${MAX_ATTEMPTS} attempts`);
  }

  /** The events after `last` up to `event` of its stream that belong to this process, from the store. */
  private async missing(manager: ProcessManager, key: string, event: ProjectedEvent, last: number) {
    const missing = await readSkipped(this.deps.eventStore, event, last, this.deps.upcast);
    return [...missing, event].filter((candidate) => manager.keyOf(candidate) === key);
  }
}
