/**
 * What follows a commit, off the command's critical path, from the event store's stream (in AWS
 * the publisher Lambda; locally the change-feed relay or the stream poller): the command's record
 * in the ledger (its status resource and the long idempotency window), and, when the commit
 * crosses a multiple of the aggregate's `snapshotEvery`, a new snapshot. Both are idempotent, so
 * a commit delivered twice changes nothing.
 */
import type { AggregateRegistry } from '#core/aggregate';
import { parseStreamKey } from '#core/ids';
import type { CommandLedger } from '#ports/commandLedger';
import { type Commit, type EventStore, lastVersionOf } from '#ports/eventStore';
import type { SnapshotStore } from '#ports/snapshotStore';
import { loadAggregate } from './aggregateLoader';
import { COMMAND_RECORD_TTL_SECONDS } from './commandRecords';
import type { EventPublisher } from './eventPublisher';
import { byteLength, LIMITS } from './limits';
import { resultOfCommit } from './priorOutcome';

export interface CommitFollowersDeps {
  registry: AggregateRegistry;
  ledger?: CommandLedger;
  /** Snapshots need both: the snapshot store and the events to fold. */
  snapshots?: SnapshotStore;
  eventStore?: EventStore;
  recordTtlSeconds?: number;
  onSnapshotError?: (error: unknown) => void;
}

export class CommitFollowers {
  constructor(private readonly deps: CommitFollowersDeps) {}

  /** Throws if the record cannot be written (the stream then delivers the commit again). */
  async follow(commit: Commit): Promise<void> {
    await this.record(commit);
    // A snapshot is an optimisation: failing to write one fails nothing.
    await this.snapshot(commit).catch((error) => this.deps.onSnapshotError?.(error));
  }

  private async record(commit: Commit): Promise<void> {
    const { ledger } = this.deps;
    if (!ledger || !commit.commandId || !commit.fingerprint) return;
    const { context, aggregateId } = parseStreamKey(commit.streamKey);
    const committed = Date.parse(commit.committedAt);
    const ttl = this.deps.recordTtlSeconds ?? COMMAND_RECORD_TTL_SECONDS;
    await ledger.succeed({
      context,
      commandId: commit.commandId,
      status: 'succeeded',
      fingerprint: commit.fingerprint,
      result: resultOfCommit(commit, commit.commandId, aggregateId),
      updatedAt: commit.committedAt,
      expiresAt: Math.floor((Number.isFinite(committed) ? committed : Date.now()) / 1000) + ttl,
    });
  }

  private async snapshot(commit: Commit): Promise<void> {
    const { snapshots, eventStore, registry } = this.deps;
    if (!snapshots || !eventStore) return;
    const definition = registry.byType(parseStreamKey(commit.streamKey).aggregateType);
    const every = definition?.snapshotEvery ?? 0;
    if (!definition || every <= 0) return;
    if (Math.floor(lastVersionOf(commit) / every) === Math.floor(commit.baseVersion / every)) return;
    const loaded = await loadAggregate(definition, commit.streamKey, eventStore, snapshots);
    if (byteLength(loaded.state) > LIMITS.snapshotBytes) return;
    await snapshots.put({
      streamKey: commit.streamKey,
      version: loaded.version,
      schemaVersion: definition.snapshotSchemaVersion,
      state: loaded.state,
      recent: [...loaded.recent.refs],
      recentComplete: loaded.recent.complete,
    });
  }
}

/**
 * What the stream's consumer does with each commit: publish it and follow it, side by side (they
 * are independent, and idempotent both). Settles both before a failure is reported, so that the
 * redelivery never runs beside a first attempt still in flight.
 */
export const commitHandler =
  (publisher: EventPublisher, followers?: CommitFollowers) =>
  async (commit: Commit): Promise<void> => {
    const outcomes = await Promise.allSettled([publisher.publish(commit), followers?.follow(commit)]);
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  };
