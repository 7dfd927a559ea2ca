import { expect } from 'vitest';
import type { DomainEvent } from '#core/decider';
import { parseDuration } from '#core/duration';
import type { ProcessCommand, ProcessReaction, TypedProcessManager } from '#core/processManager';
import type { ProjectedEvent } from '#core/projection';

/** An event as a spec writes it: its type and data, and optionally where it came from. */
export type SpecEvent = DomainEvent & { aggregateId?: string; aggregateType?: string };

/** What a spec expects of one reaction: the commands sent, the deadlines scheduled (name and delay) and cancelled. */
export interface Expected {
  commands?: ProcessCommand[];
  schedule?: { name: string; after: string }[];
  cancel?: string[];
}

/**
 * given(events).when(event).then(effects), or .whenDeadline(name): a process manager spec that
 * reads like a decider's. The given events are folded as the framework folds them (their effects
 * dropped, the pending deadlines kept), so a deadline can only fire if it is pending then.
 */
export const processSpec = <State>(manager: TypedProcessManager<State>, key = 'agg-1') => ({
  given: (events: SpecEvent[]) => {
    let version = 0;
    const positioned = (event: SpecEvent): ProjectedEvent => {
      version += 1;
      const aggregateId = event.aggregateId ?? key;
      const aggregateType = event.aggregateType ?? manager.sources[0] ?? 'unknown';
      return {
        ...event,
        context: 'default',
        aggregateType,
        aggregateId,
        streamKey: `default#${aggregateType}#${aggregateId}`,
        version,
      } as ProjectedEvent;
    };
    let state: unknown = manager.initialState(key);
    const pending = new Set<string>();
    const track = (reaction: ProcessReaction<unknown>) => {
      for (const name of reaction.cancel ?? []) pending.delete(name);
      for (const deadline of reaction.schedule ?? []) {
        parseDuration(deadline.after);
        pending.add(deadline.name);
      }
      state = reaction.state;
      return reaction;
    };
    for (const event of events) track(manager.react(state, positioned(event)));
    const check = (reaction: ProcessReaction<unknown>, expected: Expected) =>
      expect({
        commands: reaction.commands ?? [],
        schedule: (reaction.schedule ?? []).map(({ name, after }) => ({ name, after })),
        cancel: reaction.cancel ?? [],
      }).toEqual({ commands: [], schedule: [], cancel: [], ...expected });
    return {
      when: (event: SpecEvent) => ({
        // biome-ignore lint/suspicious/noThenProperty: given/when/then is the spec's vocabulary; never awaited.
        then: (expected: Expected = {}) => check(track(manager.react(state, positioned(event))), expected),
      }),
      whenDeadline: (name: string, payload?: unknown) => ({
        // biome-ignore lint/suspicious/noThenProperty: given/when/then is the spec's vocabulary; never awaited.
        then: (expected: Expected = {}) => {
          expect(pending.has(name), `deadline '${name}' is not pending`).toBe(true);
          const fired = { name, dueAt: '2026-01-01T00:00:00.000Z', ...(payload !== undefined && { payload }) };
          pending.delete(name);
          check(track(manager.onDeadline?.(state, fired) ?? { state }), expected);
        },
      }),
      /** The deadlines pending after the given events. */
      pending: () => [...pending],
    };
  },
});
