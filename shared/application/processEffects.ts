/**
 * What a process's reaction makes happen, each effect idempotent by a deterministic id, so that
 * making them twice (after a crash before the state was written) is making them once: commands
 * enqueued under ids from the process key and their cause, schedules named per process and
 * deadline name (scheduling again replaces), cancellations by that name.
 */
import { parseDuration } from '#core/duration';
import type { ProcessManager, ProcessReaction } from '#core/processManager';
import type { DeadlineScheduler } from '#ports/deadlineScheduler';
import type { MessageQueue } from '#ports/messageQueue';
import type { CommandRequest } from './commandRequest';
import {
  deadlineIdOf,
  type ProcessDeadlineMessage,
  processCommandId,
  processGroupId,
  scheduleNameOf,
} from './processMessages';
import type { PendingDeadlines } from './processRecord';

/** Effects of one input, with the cause their ids are derived from. */
export interface Effects {
  cause: string;
  /** Commit time of the event (or due time of the deadline) that caused them: deadlines count from it. */
  from: string;
  reaction: ProcessReaction<unknown>;
}

export interface EffectPorts {
  commands: { enqueue(request: CommandRequest): Promise<unknown> };
  deadlines: DeadlineScheduler;
  processQueue: MessageQueue;
}

/** The pending deadlines after a reaction: cancelled ones gone, scheduled ones (re)placed. */
export const pendingAfter = (
  before: PendingDeadlines,
  context: string,
  manager: ProcessManager,
  key: string,
  effects: Effects,
): PendingDeadlines => {
  const after: PendingDeadlines = Object.assign(Object.create(null), before);
  for (const name of effects.reaction.cancel ?? []) delete after[name];
  for (const deadline of effects.reaction.schedule ?? []) {
    const dueAt = new Date(Date.parse(effects.from) + parseDuration(deadline.after)).toISOString();
    after[deadline.name] = { id: deadlineIdOf(context, manager.name, key, deadline.name, effects.cause), dueAt };
  }
  return after;
};

/** Sends the commands, cancels and schedules. */
export const performEffects = async (
  ports: EffectPorts,
  now: Date,
  of: { manager: ProcessManager; context: string; key: string },
  effects: Effects,
): Promise<void> => {
  const { manager, context, key } = of;
  const { reaction, cause } = effects;
  for (const [index, command] of (reaction.commands ?? []).entries()) {
    await ports.commands.enqueue({
      context,
      commandId: processCommandId(context, manager.name, key, cause, index),
      type: command.type,
      aggregateId: command.aggregateId,
      payload: command.payload,
      issuedAt: effects.from,
    });
  }
  for (const name of reaction.cancel ?? [])
    await ports.deadlines.cancel(scheduleNameOf(context, manager.name, key, name));
  for (const deadline of reaction.schedule ?? []) {
    const id = deadlineIdOf(context, manager.name, key, deadline.name, cause);
    const at = new Date(Date.parse(effects.from) + parseDuration(deadline.after));
    const fired: ProcessDeadlineMessage = {
      kind: 'deadline',
      process: manager.name,
      key,
      context,
      name: deadline.name,
      id,
      dueAt: at.toISOString(),
      ...(deadline.payload !== undefined && { payload: deadline.payload }),
    };
    const groupId = processGroupId(context, manager.name, key);
    const message = { groupId, dedupId: `deadline-${id}`, body: JSON.stringify(fired) };
    const name = scheduleNameOf(context, manager.name, key, deadline.name);
    // Due already (a late event, a short delay): sent now, as its schedule would have; late, never lost.
    if (at.getTime() <= now.getTime()) {
      await ports.deadlines.cancel(name);
      await ports.processQueue.send(message);
    } else await ports.deadlines.schedule({ name, at, ...message });
  }
};
