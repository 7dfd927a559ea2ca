/**
 * The test domain's one aggregate: a ledger of entries. Small on purpose, and owned by the
 * framework's tests, so that the sample domain can change without touching them. It has what
 * those tests need: a command that creates, one that appends, one whose refusal depends on an
 * earlier command (`Reverse` of an entry another instance recorded), and snapshots every 100.
 */
import { defineAggregate } from '#core/aggregate';
import type { Command, Decider, DomainEvent } from '#core/decider';
import { DomainError } from '#core/errors';
import { idSchema } from '#core/ids';
import { ownEntry } from '#core/ownEntry';
import * as z from '#core/zod';

const title = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

export const ledgerCommandSchemas = {
  OpenLedger: z.strictObject({ title }),
  Record: z.strictObject({ entryId: idSchema, amount: z.int().check(z.minimum(-1_000_000), z.maximum(1_000_000)) }),
  Reverse: z.strictObject({ entryId: idSchema }),
} as const;

type Schemas = typeof ledgerCommandSchemas;
export type LedgerCommand = { [K in keyof Schemas]: Command<K, z.infer<Schemas[K]>> }[keyof Schemas];

export type LedgerEvent =
  | DomainEvent<'LedgerOpened', { title: string; openedAt: string }>
  | DomainEvent<'Recorded', { entryId: string; amount: number }>
  | DomainEvent<'Reversed', { entryId: string }>;

export interface LedgerState {
  open: boolean;
  /** Entries by id: amount, and whether it was reversed. */
  entries: Record<string, { amount: number; reversed: boolean }>;
}

const decide = (command: LedgerCommand, state: LedgerState): LedgerEvent[] => {
  if (command.type === 'OpenLedger') {
    if (state.open) throw new DomainError('ALREADY_EXISTS', 'The ledger is already open');
    return [{ type: 'LedgerOpened', data: { title: command.payload.title, openedAt: command.metadata.issuedAt } }];
  }
  if (!state.open) throw new DomainError('NOT_FOUND', 'The ledger does not exist');
  const { entryId } = command.payload;
  const entry = ownEntry(state.entries, entryId);
  switch (command.type) {
    case 'Record':
      if (entry) throw new DomainError('ENTRY_EXISTS', `Entry '${entryId}' is already recorded`, { entryId });
      return [{ type: 'Recorded', data: { entryId, amount: command.payload.amount } }];
    case 'Reverse':
      if (!entry) throw new DomainError('ENTRY_NOT_FOUND', `No entry '${entryId}'`, { entryId });
      if (entry.reversed) throw new DomainError('ALREADY_REVERSED', `Entry '${entryId}' is reversed`, { entryId });
      return [{ type: 'Reversed', data: { entryId } }];
    default: {
      const unreachable: never = command;
      throw new Error(`Unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
};

const evolve = (state: LedgerState, event: LedgerEvent): LedgerState => {
  switch (event.type) {
    case 'LedgerOpened':
      return { ...state, open: true };
    case 'Recorded':
      return {
        ...state,
        entries: { ...state.entries, [event.data.entryId]: { amount: event.data.amount, reversed: false } },
      };
    case 'Reversed': {
      const entry = ownEntry(state.entries, event.data.entryId);
      if (!entry) return state;
      return { ...state, entries: { ...state.entries, [event.data.entryId]: { ...entry, reversed: true } } };
    }
    default: {
      const unreachable: never = event;
      throw new Error(`Unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
};

const ledgerDecider: Decider<LedgerState, LedgerCommand, LedgerEvent> = {
  initialState: () => ({ open: false, entries: {} }),
  decide,
  evolve,
};

export const ledgerAggregate = defineAggregate({
  type: 'ledger',
  commands: ledgerCommandSchemas,
  decider: ledgerDecider,
  snapshotEvery: 100,
  snapshotSchemaVersion: 1,
});
