import type { CommandRecord } from '#ports/commandLedger';

/** Commands table key: one record per command id, scoped by context. */
export const recordKey = (context: string, commandId: string): string => `${context}#${commandId}`;

export const toRecordItem = (record: CommandRecord): Record<string, unknown> => ({
  pk: recordKey(record.context, record.commandId),
  ...record,
});

export const fromRecordItem = (item: Record<string, unknown>): CommandRecord => {
  const { pk: _pk, ...record } = item;
  return record as unknown as CommandRecord;
};
