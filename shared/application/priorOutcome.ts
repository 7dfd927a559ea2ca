/**
 * The earlier answer of a command sent again under the same id. Found, cheapest first, among the
 * aggregate's recent commands (they came with the read that loading needed anyway: the commit is
 * read again only to rebuild the answer, which happens on retries alone), or in the command
 * ledger (the long window, fed from the event store's stream, and the async path's records).
 */
import { IdempotencyKeyReusedError } from '#core/errors';
import type { CommandRecord, CommandResult } from '#ports/commandLedger';
import { type Commit, type CommitRef, type EventStore, lastVersionOf } from '#ports/eventStore';
import { recordedResult } from './commandRecords';
import type { ValidatedCommand } from './commandValidation';

/** What a command's commit answers: the version it reached and its events. */
export const resultOfCommit = (commit: Commit, commandId: string, aggregateId: string): CommandResult => ({
  commandId,
  aggregateId,
  version: lastVersionOf(commit),
  events: commit.events,
});

/** The answer of the commit `ref` names: from `known` commits if it is among them, else read. */
export const resultOfRef = async (
  v: ValidatedCommand,
  ref: CommitRef,
  store: EventStore,
  known: readonly Commit[] = [],
): Promise<CommandResult> => {
  if (ref.fingerprint !== v.fingerprint) throw new IdempotencyKeyReusedError(v.request.commandId);
  const commit =
    known.find((candidate) => candidate.baseVersion === ref.baseVersion) ??
    (await store.readCommits(v.streamKey, { afterVersion: ref.baseVersion, beforeVersion: ref.baseVersion + 1 }))[0];
  if (!commit || commit.commandId !== ref.commandId) {
    throw new Error(`The commit of command ${ref.commandId} at version ${ref.baseVersion} cannot be read`);
  }
  return resultOfCommit(commit, v.request.commandId, v.request.aggregateId);
};

/** The answer of this command's commit among `commits` (those with a fingerprint), if it is there. */
export const resultOfOwnCommit = (v: ValidatedCommand, commits: readonly Commit[]): CommandResult | undefined => {
  const own = commits.find((commit) => commit.commandId === v.request.commandId && commit.fingerprint !== undefined);
  if (!own) return undefined;
  if (own.fingerprint !== v.fingerprint) throw new IdempotencyKeyReusedError(v.request.commandId);
  return resultOfCommit(own, v.request.commandId, v.request.aggregateId);
};

/** A terminal ledger record's answer (its result or its error, thrown); undefined if none. */
export const resultOfRecord = (record: CommandRecord | undefined, v: ValidatedCommand): CommandResult | undefined =>
  record && record.status !== 'accepted' ? recordedResult(record, v.fingerprint) : undefined;
