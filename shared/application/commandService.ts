import type { AggregateRegistry } from '../core/aggregate';
import {
  CairnError,
  ContentionError,
  IdempotencyKeyReusedError,
  PayloadTooLargeError,
  VersionConflictError,
} from '../core/errors';
import type { CommandLedger, CommandRecord, CommandResult } from '../ports/commandLedger';
import { CommandAlreadyRecordedError, type EventStore, StreamConflictError, versionEvents } from '../ports/eventStore';
import type { MessageQueue } from '../ports/messageQueue';
import type { SnapshotStore } from '../ports/snapshotStore';
import { catchUp, type LoadedAggregate, loadAggregate } from './aggregateLoader';
import { baseCommandRecord, recordedResult } from './commandRecords';
import type { CommandRequest } from './commandRequest';
import { type ValidatedCommand, validateCommand } from './commandValidation';
import { snapshotAfterCommit } from './commitSnapshots';
import { byteLength, LIMITS } from './limits';
import { backoffDelay, defaultRetryPolicy, type RetryPolicy } from './retryPolicy';

export interface CommandServiceDeps {
  registry: AggregateRegistry;
  eventStore: EventStore;
  ledger: CommandLedger;
  snapshots?: SnapshotStore;
  queue?: MessageQueue;
  retry?: RetryPolicy;
  /** How long command records are kept (idempotency window and status resource). */
  recordTtlSeconds?: number;
  now?: () => Date;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onSnapshotError?: (error: unknown) => void;
}

export interface CommandOutcome {
  result: CommandResult;
  /** True when the result is the stored answer of an earlier attempt with the same command id. */
  replayed: boolean;
  /** Write attempts made (1 without contention). */
  attempts: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The command pipeline: validate → load (snapshot + newer events) → decide → append with the
 * expected version → on conflict reload and retry (bounded, jittered) unless the client named the
 * version, in which case it gets VERSION_CONFLICT. Idempotent by command id.
 */
export class CommandService {
  private readonly retry: RetryPolicy;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly ttlSeconds: number;

  constructor(private readonly deps: CommandServiceDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy;
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? defaultSleep;
    this.ttlSeconds = deps.recordTtlSeconds ?? 7 * 24 * 3600;
  }

  /** Checks type and payload; throws UNKNOWN_COMMAND or VALIDATION_FAILED. Reads nothing. */
  validate(request: CommandRequest): ValidatedCommand {
    return validateCommand(this.deps.registry, request);
  }

  /**
   * Runs a command to its end and returns its result (the synchronous path and the worker).
   * `freshId`: the server generated the command id just now, so no record can exist under it and
   * the ledger read that answers a retried command is skipped (one DynamoDB read less per command).
   */
  async execute(request: CommandRequest, options: { freshId?: boolean } = {}): Promise<CommandOutcome> {
    const validated = this.validate(request);
    if (!options.freshId) {
      const existing = await this.deps.ledger.get(request.context, request.commandId);
      if (existing && existing.status !== 'accepted') return this.replay(existing, validated);
    }

    try {
      return await this.runAttempts(validated);
    } catch (error) {
      const replayed = await this.committedMeanwhile(validated, error);
      if (replayed) return replayed;
      throw error;
    }
  }

  private async runAttempts(validated: ValidatedCommand): Promise<CommandOutcome> {
    const { definition, streamKey } = validated;
    const { eventStore, snapshots } = this.deps;
    let loaded: LoadedAggregate | undefined;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      // A retry only needs the commits that beat it: catching up is one read instead of two, so
      // the window in which another writer can win again is shorter.
      loaded = loaded
        ? await catchUp(definition, streamKey, eventStore, loaded)
        : await loadAggregate(definition, streamKey, eventStore, snapshots);
      const outcome = await this.attempt(validated, attempt, loaded);
      if (outcome) return outcome;
      await this.sleep(backoffDelay(this.retry, attempt, this.random));
    }
    const current = await this.deps.eventStore.currentVersion(validated.streamKey);
    throw new ContentionError(this.retry.maxAttempts, current);
  }

  /**
   * A concurrent request with the same command id may have committed after our first look at the
   * ledger, so that our decision ran on a state that already holds our own change (and refused it,
   * say, as a duplicate todo). Then the stored answer is the answer.
   */
  private async committedMeanwhile(v: ValidatedCommand, error: unknown): Promise<CommandOutcome | undefined> {
    if (!(error instanceof CairnError) || error instanceof IdempotencyKeyReusedError) return undefined;
    const stored = await this.deps.ledger.get(v.request.context, v.request.commandId).catch(() => undefined);
    return stored?.status === 'succeeded' ? this.replay(stored, v) : undefined;
  }

  /** Records the command as accepted and enqueues it in its aggregate's FIFO group. */
  async enqueue(request: CommandRequest): Promise<CommandRecord> {
    const validated = this.validate(request);
    const queue = this.deps.queue;
    if (!queue) throw new Error('No command queue is configured');
    const accepted = this.record(validated, 'accepted');
    const existing = await this.deps.ledger.accept(accepted);
    if (existing && existing.fingerprint !== validated.fingerprint) {
      throw new IdempotencyKeyReusedError(request.commandId);
    }
    if (existing && existing.status !== 'accepted') return existing;
    // Sent again for an existing 'accepted' record too: the first send may be what failed, and
    // the queue drops the repeat by its deduplication id.
    await queue.send({
      groupId: validated.streamKey,
      dedupId: `${request.context}:${request.commandId}`,
      body: JSON.stringify(request),
    });
    return existing ?? accepted;
  }

  /** Records a command's failure (async path) so that its status resource can report it. */
  async recordFailure(request: CommandRequest, error: CairnError): Promise<void> {
    const fingerprint = this.safeFingerprint(request);
    await this.deps.ledger.fail({
      ...this.baseRecord(request, fingerprint),
      status: 'failed',
      error: { status: error.status, ...error.toJSON() },
    });
  }

  private async attempt(
    v: ValidatedCommand,
    attempt: number,
    loaded: LoadedAggregate,
  ): Promise<CommandOutcome | undefined> {
    const { eventStore } = this.deps;
    const expected = v.request.expectedVersion;
    if (expected !== undefined && loaded.version !== expected) {
      throw new VersionConflictError(loaded.version, expected);
    }
    const newEvents = v.definition.decider.decide(v.command, loaded.state);
    const result: CommandResult = {
      commandId: v.request.commandId,
      aggregateId: v.request.aggregateId,
      version: loaded.version + newEvents.length,
      events: versionEvents(loaded.version, newEvents),
    };
    if (newEvents.length === 0) return { result, replayed: false, attempts: attempt };
    const size = byteLength(newEvents);
    if (size > LIMITS.commitBytes) throw new PayloadTooLargeError('The commit', size, LIMITS.commitBytes);

    try {
      await eventStore.append({
        streamKey: v.streamKey,
        expectedVersion: loaded.version,
        events: newEvents,
        record: { ...this.record(v, 'succeeded'), result },
        committedAt: this.now().toISOString(),
      });
    } catch (error) {
      if (error instanceof StreamConflictError) {
        if (expected === undefined) return undefined;
        const current = await eventStore.currentVersion(v.streamKey);
        throw new VersionConflictError(current, expected);
      }
      return this.afterFailedAppend(v, error);
    }
    await snapshotAfterCommit(
      this.deps.snapshots,
      { definition: v.definition, streamKey: v.streamKey, stateBefore: loaded.state, versionBefore: loaded.version },
      result,
      this.deps.onSnapshotError,
    );
    return { result, replayed: false, attempts: attempt };
  }

  /**
   * The append threw something other than a version conflict. Either another request with the
   * same command id won (CommandAlreadyRecorded), or the outcome is unknown (timeout, lost
   * response): then the command record says whether our write landed.
   */
  private async afterFailedAppend(v: ValidatedCommand, error: unknown): Promise<CommandOutcome> {
    const stored = await this.deps.ledger.get(v.request.context, v.request.commandId).catch(() => undefined);
    if (stored && stored.status !== 'accepted') return this.replay(stored, v);
    if (error instanceof CommandAlreadyRecordedError) {
      throw new Error(`Command ${v.request.commandId} was recorded but its record cannot be read`);
    }
    throw error;
  }

  private replay(record: CommandRecord, v: ValidatedCommand): CommandOutcome {
    return { result: recordedResult(record, v.fingerprint), replayed: true, attempts: 0 };
  }

  private record(v: ValidatedCommand, status: CommandRecord['status']): CommandRecord {
    return { ...this.baseRecord(v.request, v.fingerprint), status };
  }

  private baseRecord(request: CommandRequest, fingerprint: string): Omit<CommandRecord, 'status'> {
    return baseCommandRecord(request, fingerprint, this.now(), this.ttlSeconds);
  }

  private safeFingerprint(request: CommandRequest): string {
    try {
      return this.validate(request).fingerprint;
    } catch {
      return JSON.stringify([request.type, request.aggregateId, request.payload, request.expectedVersion ?? null]);
    }
  }
}
