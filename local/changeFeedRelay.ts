import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddedEventStore, FeedCommit } from '#adapters/embedded/embeddedEventStore';

/** How often the checkpoint is written while commits keep coming (and always once caught up). */
const CHECKPOINT_EVERY_MS = 200;

export type CommitHandler = (commit: FeedCommit) => Promise<void>;

/**
 * Does locally what the DynamoDB Streams event source mapping does in AWS: hands every commit of
 * the embedded store to the publisher, in order, at least once. Its checkpoint (the last feed
 * position handled) is kept in `relay.checkpoint`, so after a crash it starts again from there:
 * a commit is never lost between the write and the publish, and one published twice is dropped
 * downstream (queue deduplication, the views' version guard). A failed publish is retried, with
 * backoff, before any later commit goes out.
 */
export class ChangeFeedRelay {
  private position: number;
  private readonly checkpointPath: string | undefined;
  /** The position last written to the checkpoint file, and when it was written. */
  private saved: number;
  private checkpointAt = 0;
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: EmbeddedEventStore,
    private readonly handle: CommitHandler,
    private readonly options: { dataDir?: string; onError?: (error: unknown) => void } = {},
  ) {
    this.checkpointPath = options.dataDir ? join(options.dataDir, 'relay.checkpoint') : undefined;
    this.position = this.readCheckpoint();
    this.saved = this.position;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.store.onCommit(() => this.wake?.());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
    this.saveCheckpoint();
  }

  /** Resolves once every commit up to the store's current position has been handled. */
  async drained(): Promise<void> {
    while (this.position < this.store.feedPosition) await new Promise((resolve) => setTimeout(resolve, 2));
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      const commits = this.store.commitsAfter(this.position, 100);
      if (commits.length === 0) {
        this.saveCheckpoint(); // caught up: what was handled is kept before waiting
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
        continue;
      }
      for (const commit of commits) {
        try {
          await this.handle(commit);
          failures = 0;
        } catch (error) {
          this.options.onError?.(error);
          failures += 1;
          await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 10 * 2 ** failures)));
          break;
        }
        this.position = commit.position;
        if (!this.running) break;
      }
      // At most every CHECKPOINT_EVERY_MS while a backlog lasts, not per commit: after a crash
      // the commits handled since go out again, which downstream deduplication (the queue's
      // 5-minute window) and the views' version guard absorb.
      if (Date.now() - this.checkpointAt >= CHECKPOINT_EVERY_MS) this.saveCheckpoint();
      // Publishing to the in-process queue never waits on I/O: yield, or a long backlog would
      // starve HTTP, sockets and timers until it is through.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private readCheckpoint(): number {
    if (!this.checkpointPath || !existsSync(this.checkpointPath)) return 0;
    const value = Number(readFileSync(this.checkpointPath, 'utf8'));
    return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  }

  private saveCheckpoint(): void {
    this.checkpointAt = Date.now();
    if (!this.checkpointPath || this.position === this.saved) return;
    this.saved = this.position;
    // Write-then-rename: a crash leaves the old checkpoint or the new one, never half of one.
    const temporary = `${this.checkpointPath}.tmp`;
    writeFileSync(temporary, String(this.position));
    renameSync(temporary, this.checkpointPath);
  }
}
