import { join } from 'node:path';
import type { DeadlineScheduler, ScheduledDeadline } from '#ports/deadlineScheduler';
import type { MessageQueue } from '#ports/messageQueue';
import { AppendLog } from './appendLog';

type Entry = { set: Omit<ScheduledDeadline, 'at'> & { at: string } } | { done: string };

/** Longest single wait: a timer set days ahead is re-armed from here instead (setTimeout's range is ~24.8 days). */
const MAX_WAIT_MS = 60 * 60_000;

/**
 * Deadlines for the local runtime, kept in `deadlines.jsonl` so that they survive a restart: every
 * schedule, replacement and removal is one entry, the newest per name wins on replay. A timer fires
 * the earliest due one by sending its message to the process queue, then records it as done; after
 * downtime whatever came due meanwhile fires at start, late rather than never. A crash between the
 * send and the record sends it again, which the queue's deduplication id and the process's
 * deadline id absorb. Compacted on open once mostly superseded.
 */
export class EmbeddedDeadlineScheduler implements DeadlineScheduler {
  private readonly pending = new Map<string, ScheduledDeadline>();
  private readonly log: AppendLog<Entry>;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private firing: Promise<void> = Promise.resolve();
  /** After a failed send, the timer waits this long before trying again (the queue may be down). */
  private retryAt = 0;

  constructor(
    private readonly queue: MessageQueue,
    private readonly options: {
      dataDir?: string;
      fsync?: boolean;
      onError?: (error: unknown) => void;
      now?: () => number;
    } = {},
  ) {
    const path = options.dataDir ? join(options.dataDir, 'deadlines.jsonl') : undefined;
    this.log = AppendLog.open<Entry>(path, (entry) => this.apply(entry), options);
    if (this.log.replayed > 2 * this.pending.size + 100) {
      this.log.compact(
        [...this.pending.values()].map((deadline) => ({ set: { ...deadline, at: deadline.at.toISOString() } })),
      );
    }
  }

  async schedule(deadline: ScheduledDeadline): Promise<void> {
    const entry: Entry = { set: { ...deadline, at: deadline.at.toISOString() } };
    this.log.append(entry);
    this.apply(entry);
    this.arm();
  }

  async cancel(name: string): Promise<void> {
    if (!this.pending.has(name)) return;
    this.log.append({ done: name });
    this.pending.delete(name);
    this.arm();
  }

  /** Deadlines not yet fired, earliest first (tools, tests). */
  scheduled(): ScheduledDeadline[] {
    return [...this.pending.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  start(): void {
    this.running = true;
    this.arm();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.firing;
  }

  close(): void {
    this.log.close();
  }

  private apply(entry: Entry): void {
    if ('done' in entry) this.pending.delete(entry.done);
    else this.pending.set(entry.set.name, { ...entry.set, at: new Date(entry.set.at) });
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Sets the timer for the earliest pending deadline (at once if it is due). */
  private arm(): void {
    clearTimeout(this.timer);
    if (!this.running) return;
    const next = this.scheduled()[0];
    if (!next) return;
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, next.at.getTime() - this.now(), this.retryAt - this.now()));
    this.timer = setTimeout(() => {
      this.firing = this.fireDue().finally(() => this.arm());
    }, wait);
    this.timer.unref();
  }

  private async fireDue(): Promise<void> {
    for (const deadline of this.scheduled()) {
      if (!this.running || deadline.at.getTime() > this.now()) return;
      try {
        await this.queue.send({ groupId: deadline.groupId, dedupId: deadline.dedupId, body: deadline.body });
      } catch (error) {
        this.options.onError?.(error);
        this.retryAt = this.now() + 1_000;
        return; // tried again when the timer is armed next
      }
      // Replaced while it was being sent: the newer one stays.
      if (this.pending.get(deadline.name) !== deadline) continue;
      this.log.append({ done: deadline.name });
      this.pending.delete(deadline.name);
    }
  }
}
