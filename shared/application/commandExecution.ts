/**
 * One command, from its validated form to a commit: decide on the aggregate as this instance last
 * saw it (or as loaded), write the commit with one conditional PutItem, and on a conflict catch up
 * with one read and try again (bounded, jittered), unless the client named the version it
 * expected. A retried command recognises its own commit among the ones it reads.
 */
import { CairnError, ContentionError, PayloadTooLargeError, VersionConflictError } from '#core/errors';
import { currentSchemaVersion } from '#core/upcasting';
import type { CommandLedger, CommandResult } from '#ports/commandLedger';
import { type Commit, type EventStore, StreamConflictError, versionEvents } from '#ports/eventStore';
import type { SnapshotStore } from '#ports/snapshotStore';
import type { AggregateCache } from './aggregateCache';
import { catchUp, fold, loadAggregate } from './aggregateLoader';
import type { ValidatedCommand } from './commandValidation';
import { byteLength, LIMITS } from './limits';
import { resultOfCommit, resultOfOwnCommit, resultOfRecord, resultOfRef } from './priorOutcome';
import { coversWindow, findRecent, withCommits } from './recentCommands';
import { backoffDelay, type RetryPolicy } from './retryPolicy';

export interface ExecutionDeps {
  eventStore: EventStore;
  ledger: CommandLedger;
  snapshots?: SnapshotStore;
  cache: AggregateCache;
  retry: RetryPolicy;
  /** The ledger's idempotency window: older commands are not recognised. */
  windowSeconds: number;
  now: () => Date;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface CommandOutcome {
  result: CommandResult;
  /** True when the result is the stored answer of an earlier attempt with the same command id. */
  replayed: boolean;
  /** Write attempts made (1 without contention; 0 for a replayed answer). */
  attempts: number;
}

const replayed = (result: CommandResult): CommandOutcome => ({ result, replayed: true, attempts: 0 });

/**
 * `askLedger`: the command id may have been used before (a client's key), so when the recent
 * commands do not cover the idempotency window the ledger is asked too. A server-generated id
 * skips every look-up.
 */
export const executeCommand = async (
  deps: ExecutionDeps,
  v: ValidatedCommand,
  options: { askLedger: boolean },
): Promise<CommandOutcome> => {
  const { commandId, context } = v.request;
  const cached = deps.cache.get(v.streamKey);
  let loaded = cached ?? (await loadAggregate(v.definition, v.streamKey, deps.eventStore, deps.snapshots));
  // A state from the cache is unverified: anything but a commit decided on it is checked against
  // the store first (a refusal or a no-op on an old state may not hold on the current one).
  let fresh = cached === undefined;

  const own = findRecent(loaded.recent, commandId);
  if (own) return replayed(await resultOfRef(v, own, deps.eventStore));
  if (options.askLedger && !coversWindow(loaded.recent, deps.now(), deps.windowSeconds)) {
    // Eventually consistent: the commands this read exists for are older than the recent ones.
    const earlier = resultOfRecord(await deps.ledger.get(context, commandId, { consistent: false }), v);
    if (earlier) return replayed(earlier);
  }

  /** Reads what others committed since `loaded`; the answer if one of them is this command's. */
  const refresh = async (): Promise<CommandResult | undefined> => {
    const caught = await catchUp(v.definition, v.streamKey, deps.eventStore, loaded);
    loaded = caught.loaded;
    fresh = true;
    deps.cache.set(v.streamKey, loaded);
    return resultOfOwnCommit(v, caught.commits);
  };

  let attempts = 0;
  for (;;) {
    const expected = v.request.expectedVersion;
    let newEvents: ReturnType<typeof v.definition.decider.decide> | undefined;
    try {
      if (expected !== undefined && loaded.version !== expected) {
        throw new VersionConflictError(loaded.version, expected);
      }
      newEvents = v.definition.decider.decide(v.command, loaded.state);
    } catch (error) {
      if (fresh || !(error instanceof CairnError)) throw error;
    }
    if (!newEvents || (newEvents.length === 0 && !fresh)) {
      const mine = await refresh();
      if (mine) return replayed(mine);
      continue;
    }
    // Written in their types' current shapes, and saying so: readers upcast from that version.
    const written = newEvents.map(({ type, data }) => ({
      type,
      schemaVersion: currentSchemaVersion(v.definition, type),
      data,
    }));
    const events = versionEvents(loaded.version, written);
    const result: CommandResult = {
      commandId,
      aggregateId: v.request.aggregateId,
      version: loaded.version + written.length,
      events,
    };
    if (written.length === 0) return { result, replayed: false, attempts };
    const size = byteLength(written);
    if (size > LIMITS.commitBytes) throw new PayloadTooLargeError('The commit', size, LIMITS.commitBytes);

    attempts += 1;
    const committedAt = deps.now().toISOString();
    const commit: Commit = { streamKey: v.streamKey, baseVersion: loaded.version, events, committedAt };
    try {
      await deps.eventStore.append({
        streamKey: v.streamKey,
        expectedVersion: loaded.version,
        events: written,
        commandId,
        fingerprint: v.fingerprint,
        committedAt,
      });
    } catch (error) {
      if (!(error instanceof StreamConflictError)) return afterUncertainWrite(deps, v, error, refresh);
      const mine = await refresh();
      if (mine) return replayed(mine);
      // (A conflict with nothing new to read, a write refused by another region's, is retried.)
      if (expected !== undefined && loaded.version !== expected)
        throw new VersionConflictError(loaded.version, expected);
      if (attempts >= deps.retry.maxAttempts) throw new ContentionError(attempts, loaded.version);
      await deps.sleep(backoffDelay(deps.retry, attempts, deps.random));
      continue;
    }
    const after = fold(v.definition, loaded.state, loaded.version, events);
    deps.cache.set(v.streamKey, {
      ...after,
      recent: withCommits(loaded.recent, [{ ...commit, commandId, fingerprint: v.fingerprint }]),
      eventsRead: 0,
      fromSnapshot: loaded.fromSnapshot,
    });
    return { result: resultOfCommit(commit, commandId, v.request.aggregateId), replayed: false, attempts };
  }
};

/**
 * The append failed without saying whether it landed (a timeout, a lost response, a throttle
 * after the write). The stream decides: if this command's commit is there, that is the answer;
 * otherwise the error stands, and nothing was written.
 */
const afterUncertainWrite = async (
  deps: ExecutionDeps,
  v: ValidatedCommand,
  error: unknown,
  refresh: () => Promise<CommandResult | undefined>,
): Promise<CommandOutcome> => {
  const mine = await refresh().catch(() => undefined);
  deps.cache.delete(v.streamKey);
  if (mine) return replayed(mine);
  throw error;
};
