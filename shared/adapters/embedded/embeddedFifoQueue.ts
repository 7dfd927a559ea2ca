import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { QUEUE_MAX_RECEIVES } from '#application/limits';
import type { MessageQueue, OutgoingMessage, QueueConsumer, ReceivedMessage } from '#ports/messageQueue';
import { AppendLog } from './appendLog';
import { checkSqsFifoMessage } from './sqsMessageRules';

interface StoredMessage {
  messageId: string;
  groupId: string;
  dedupId: string;
  body: string;
  sentAt: number;
}

type Entry =
  | { kind: 'send'; message: StoredMessage }
  | { kind: 'ack'; messageId: string }
  | { kind: 'dead'; messageId: string; reason: string };

interface Pending extends StoredMessage {
  receiveCount: number;
  invisibleUntil: number;
  receiptHandle?: string;
}

export interface EmbeddedFifoQueueOptions {
  name: string;
  dataDir?: string;
  /** SQS's default is 30 s; an unacknowledged message becomes visible again after this. */
  visibilityTimeoutMs?: number;
  /** SQS FIFO deduplicates within 5 minutes. */
  dedupWindowMs?: number;
  /** After this many receives without an ack the message goes to the dead-letter list (SQS's redrive, by default). */
  maxReceiveCount?: number;
  now?: () => number;
}

/**
 * An in-process FIFO queue with SQS FIFO's semantics: per-group order, one batch of a group in
 * flight at a time, deduplication by id within a window, at-least-once redelivery after the
 * visibility timeout or a release, and a dead-letter list after too many receives. Sends, acks
 * and dead-letterings go to an append log, so a restart keeps every unacknowledged message.
 */
export class EmbeddedFifoQueue implements MessageQueue, QueueConsumer {
  private readonly pending = new Map<string, Pending>();
  /** receipt handle → message id, for the messages in flight. */
  private readonly handles = new Map<string, string>();
  private readonly dedup = new Map<string, number>();
  /** The dedup map's size after its last sweep: the next sweep waits until it has doubled. */
  private dedupSwept = 0;
  private readonly dead: (StoredMessage & { reason: string })[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly log: AppendLog<Entry>;
  private readonly visibilityTimeoutMs: number;
  private readonly dedupWindowMs: number;
  private readonly maxReceiveCount: number;
  private readonly now: () => number;

  constructor(options: EmbeddedFifoQueueOptions) {
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
    this.dedupWindowMs = options.dedupWindowMs ?? 5 * 60_000;
    this.maxReceiveCount = options.maxReceiveCount ?? QUEUE_MAX_RECEIVES;
    this.now = options.now ?? Date.now;
    const path = options.dataDir ? join(options.dataDir, `queue-${options.name}.jsonl`) : undefined;
    this.log = AppendLog.open<Entry>(path, (entry) => this.apply(entry));
  }

  async send(message: OutgoingMessage): Promise<void> {
    checkSqsFifoMessage(message);
    const now = this.now();
    const seenAt = this.dedup.get(message.dedupId);
    if (seenAt !== undefined && now - seenAt < this.dedupWindowMs) return;
    this.forgetExpiredDedupIds(now);
    this.write({ kind: 'send', message: { ...message, messageId: randomUUID(), sentAt: now } });
    for (const wake of this.waiters) wake();
  }

  async receive(options: { max: number; waitMs: number; visibilityMs?: number }): Promise<ReceivedMessage[]> {
    const { max, waitMs, visibilityMs } = options;
    const batch = this.take(max, visibilityMs);
    if (batch.length > 0 || waitMs <= 0) return batch;
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, waitMs);
      this.waiters.add(wake);
    });
    return this.take(max, visibilityMs);
  }

  async extend(receiptHandle: string, visibilityMs: number): Promise<void> {
    const message = this.byHandle(receiptHandle);
    if (message) message.invisibleUntil = this.now() + visibilityMs;
  }

  async ack(receiptHandle: string): Promise<void> {
    const message = this.byHandle(receiptHandle);
    if (!message) return;
    this.write({ kind: 'ack', messageId: message.messageId });
    // The message's group is free again: a long poll waiting on it returns now, as SQS's does.
    this.wakeAll();
  }

  async release(receiptHandle: string, delayMs = 0): Promise<void> {
    const message = this.byHandle(receiptHandle);
    if (!message) return;
    message.invisibleUntil = delayMs > 0 ? this.now() + delayMs : 0;
    if (delayMs > 0) setTimeout(() => this.wakeAll(), delayMs).unref();
    this.handles.delete(receiptHandle);
    message.receiptHandle = undefined;
    for (const wake of this.waiters) wake();
  }

  private wakeAll(): void {
    for (const wake of this.waiters) wake();
  }

  /** Every message not yet acknowledged, in send order, without receiving it (tools: `npm run dlq`). */
  peek(): ReceivedMessage[] {
    return [...this.pending.values()].map((message) => ({
      messageId: message.messageId,
      receiptHandle: '',
      groupId: message.groupId,
      dedupId: message.dedupId,
      body: message.body,
      receiveCount: message.receiveCount,
      sentAt: message.sentAt,
    }));
  }

  /** Acknowledges a message by id (tools: a redriven dead letter leaves the dead-letter queue). */
  remove(messageId: string): void {
    if (this.pending.has(messageId)) this.write({ kind: 'ack', messageId });
  }

  /** Messages that exhausted their receives, with the reason. */
  deadLetters(): (StoredMessage & { reason: string })[] {
    return [...this.dead];
  }

  get depth(): number {
    return this.pending.size;
  }

  close(): void {
    this.log.close();
  }

  /** Oldest-first; a group whose head is in flight is skipped whole, which keeps its order. */
  private take(max: number, visibilityMs = this.visibilityTimeoutMs): ReceivedMessage[] {
    const now = this.now();
    const blocked = new Set<string>();
    const batch: ReceivedMessage[] = [];
    for (const message of this.pending.values()) {
      if (batch.length >= max) break;
      if (blocked.has(message.groupId)) continue;
      if (message.invisibleUntil > now) {
        blocked.add(message.groupId);
        continue;
      }
      if (message.receiveCount >= this.maxReceiveCount) {
        this.write({
          kind: 'dead',
          messageId: message.messageId,
          reason: `received ${message.receiveCount} times without success`,
        });
        continue;
      }
      message.receiveCount += 1;
      message.invisibleUntil = now + visibilityMs;
      message.receiptHandle = randomUUID();
      this.handles.set(message.receiptHandle, message.messageId);
      batch.push({
        messageId: message.messageId,
        receiptHandle: message.receiptHandle,
        groupId: message.groupId,
        dedupId: message.dedupId,
        body: message.body,
        receiveCount: message.receiveCount,
        sentAt: message.sentAt,
      });
    }
    return batch;
  }

  private byHandle(receiptHandle: string): Pending | undefined {
    const messageId = this.handles.get(receiptHandle);
    const message = messageId === undefined ? undefined : this.pending.get(messageId);
    // A handle is valid only for the receive that issued it, as in SQS.
    return message?.receiptHandle === receiptHandle ? message : undefined;
  }

  /** Ids older than the window can never deduplicate again; swept at doubling sizes (amortised O(1)). */
  private forgetExpiredDedupIds(now: number): void {
    if (this.dedup.size < 2 * this.dedupSwept + 1000) return;
    for (const [id, sentAt] of this.dedup) if (now - sentAt >= this.dedupWindowMs) this.dedup.delete(id);
    this.dedupSwept = this.dedup.size;
  }

  private write(entry: Entry): void {
    this.log.append(entry);
    this.apply(entry);
  }

  private apply(entry: Entry): void {
    switch (entry.kind) {
      case 'send':
        this.dedup.set(entry.message.dedupId, entry.message.sentAt);
        this.pending.set(entry.message.messageId, { ...entry.message, receiveCount: 0, invisibleUntil: 0 });
        return;
      case 'ack': {
        const message = this.pending.get(entry.messageId);
        if (message?.receiptHandle) this.handles.delete(message.receiptHandle);
        this.pending.delete(entry.messageId);
        return;
      }
      case 'dead': {
        const message = this.pending.get(entry.messageId);
        this.pending.delete(entry.messageId);
        if (message) this.dead.push({ ...message, reason: entry.reason });
        return;
      }
      default: {
        const unreachable: never = entry;
        throw new Error(`Unknown log entry ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
