import { type Commit, type NewEvent, versionEvents } from '#ports/eventStore';

/** One item per commit: all events of a command, in order, under the stream's partition. */
export interface CommitItem {
  pk: string;
  /** The version the commit was appended on (0 for the first): the optimistic-lock key. */
  sk: number;
  /** The version of the commit's last event. */
  last: number;
  /** Each with its `schemaVersion`; items written before versions were stored have none (read as 1). */
  events: NewEvent[];
  commandId?: string;
  /** The command's fingerprint (a 22-character hash): a retry under the same id must match it. */
  fp?: string;
  committedAt: string;
}

export const commitOfItem = (item: CommitItem): Commit => ({
  streamKey: item.pk,
  baseVersion: item.sk,
  events: versionEvents(item.sk, item.events),
  committedAt: item.committedAt,
  ...(item.commandId !== undefined && { commandId: item.commandId }),
  ...(item.fp !== undefined && { fingerprint: item.fp }),
});
