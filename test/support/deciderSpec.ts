import { expect } from 'vitest';
import type { Command, Decider, DomainEvent } from '#core/decider';
import { DomainError } from '#core/errors';

export const metadata = { commandId: 'cmd-1', issuedAt: '2026-11-22T10:00:00.000Z' };

/** given(events).when(command).then(events) / .thenFails(code): a decider spec that reads like the domain. */
export const deciderSpec = <S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>) => ({
  given: (events: E[]) => ({
    when: (command: Omit<C, 'metadata' | 'aggregateId'> & { aggregateId?: string }) => {
      const run = () => {
        const state = events.reduce(decider.evolve, decider.initialState());
        return decider.decide({ aggregateId: 'agg-1', metadata, ...command } as unknown as C, state);
      };
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then is the decider spec's vocabulary; never awaited.
        then: (expected: E[]) => expect(run()).toEqual(expected),
        thenFails: (code: string) => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
        },
      };
    },
  }),
});
