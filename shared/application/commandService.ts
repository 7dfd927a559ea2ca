import type { AggregateRegistry } from '#core/aggregate';
import { type CairnError, IdempotencyKeyReusedError } from '#core/errors';
import type { CommandLedger, CommandRecord } from '#ports/commandLedger';
import type { EventStore } from '#ports/eventStore';
import type { MessageQueue } from '#ports/messageQueue';
import type { SnapshotStore } from '#ports/snapshotStore';
import { AggregateCache } from './aggregateCache';
import { type CommandOutcome, type ExecutionDeps, executeCommand } from './commandExecution';
import { baseCommandRecord, COMMAND_RECORD_TTL_SECONDS } from './commandRecords';
import type { CommandRequest } from './commandRequest';
import { fingerprintOf, type ValidatedCommand, validateCommand } from './commandValidation';
import { KeyedLanes } from './keyedLanes';
import { resultOfRecord } from './priorOutcome';
import { defaultRetryPolicy, type RetryPolicy } from './retryPolicy';

export type { CommandOutcome } from './commandExecution';

export interface CommandServiceDeps {
  registry: AggregateRegistry;
  eventStore: EventStore;
  ledger: CommandLedger;
  snapshots?: SnapshotStore;
  queue?: MessageQueue;
  retry?: RetryPolicy;
  /** How long command records are kept (idempotency window and status resource). */
  recordTtlSeconds?: number;
  /** Aggregates kept warm in this instance (0: none, every command loads). */
  cacheEntries?: number;
  now?: () => Date;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The command side's front: validate, then run a command to its commit (sync path and worker) or
 * record and queue it (async path). The jobs live beside it: commandValidation.ts,
 * commandExecution.ts (decide, write, retry, recover), priorOutcome.ts (a retry's first answer),
 * commandRecords.ts (the ledger's records).
 */
export class CommandService {
  private readonly execution: ExecutionDeps;
  private readonly ttlSeconds: number;
  /** One lane per aggregate: this instance's writers on one aggregate take turns. */
  private readonly lanes = new KeyedLanes();

  constructor(private readonly deps: CommandServiceDeps) {
    this.ttlSeconds = deps.recordTtlSeconds ?? COMMAND_RECORD_TTL_SECONDS;
    this.execution = {
      eventStore: deps.eventStore,
      ledger: deps.ledger,
      snapshots: deps.snapshots,
      cache: new AggregateCache(deps.cacheEntries),
      retry: deps.retry ?? defaultRetryPolicy,
      windowSeconds: this.ttlSeconds,
      now: deps.now ?? (() => new Date()),
      random: deps.random ?? Math.random,
      sleep: deps.sleep ?? defaultSleep,
    };
  }

  /** Checks type and payload; throws UNKNOWN_COMMAND or VALIDATION_FAILED. Reads nothing. */
  validate(request: CommandRequest): ValidatedCommand {
    return validateCommand(this.deps.registry, request);
  }

  /**
   * Runs a command to its end and returns its result.
   * - `freshId`: the server generated the id just now, so no earlier attempt can exist: no look-up.
   * - `queued`: the command came through the queue (the worker): its ledger record is read first
   *   (it may have failed before) and completed with the outcome, which the status resource and
   *   `Prefer: wait` read without waiting for the stream.
   */
  async execute(
    request: CommandRequest,
    options: { freshId?: boolean; queued?: boolean } = {},
  ): Promise<CommandOutcome> {
    const v = this.validate(request);
    if (options.queued) {
      const earlier = resultOfRecord(await this.deps.ledger.get(request.context, request.commandId), v);
      if (earlier) return { result: earlier, replayed: true, attempts: 0 };
    }
    const askLedger = !options.freshId && !options.queued;
    const outcome = await this.lanes.run(v.streamKey, () => executeCommand(this.execution, v, { askLedger }));
    if (options.queued) await this.deps.ledger.succeed({ ...this.record(v, 'succeeded'), result: outcome.result });
    return outcome;
  }

  /** Records the command as accepted and enqueues it in its aggregate's FIFO group. */
  async enqueue(request: CommandRequest): Promise<CommandRecord> {
    const v = this.validate(request);
    const queue = this.deps.queue;
    if (!queue) throw new Error('No command queue is configured');
    const accepted = this.record(v, 'accepted');
    const existing = await this.deps.ledger.accept(accepted);
    if (existing && existing.fingerprint !== v.fingerprint) {
      throw new IdempotencyKeyReusedError(request.commandId);
    }
    if (existing && existing.status !== 'accepted') return existing;
    // Sent again for an existing 'accepted' record too: the first send may be what failed, and
    // the queue drops the repeat by its deduplication id.
    await queue.send({
      groupId: v.streamKey,
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

  /** Forgets the aggregates this instance holds warm (tests and benchmarks: a cold start). */
  forget(): void {
    this.execution.cache.clear();
  }

  private record(v: ValidatedCommand, status: CommandRecord['status']): CommandRecord {
    return { ...this.baseRecord(v.request, v.fingerprint), status };
  }

  private baseRecord(request: CommandRequest, fingerprint: string): Omit<CommandRecord, 'status'> {
    return baseCommandRecord(request, fingerprint, this.execution.now(), this.ttlSeconds);
  }

  private safeFingerprint(request: CommandRequest): string {
    try {
      return this.validate(request).fingerprint;
    } catch {
      return fingerprintOf([request.type, request.aggregateId, request.payload, request.expectedVersion ?? null]);
    }
  }
}
