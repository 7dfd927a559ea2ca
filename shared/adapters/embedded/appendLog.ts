import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

const REPLAY_CHUNK_BYTES = 64 * 2 ** 20;

/**
 * A JSON-lines append-only file: the durable half of the embedded stores. Every entry is written
 * with one synchronous `write` on an O_APPEND descriptor before the caller's promise resolves, so
 * an entry is either wholly in the file or (after a crash mid-write) a torn last line, which
 * `open` detects and cuts off. With `fsync` each write is also flushed to the disk.
 * Without a path the log lives in memory only (tests, benchmarks).
 */
export class AppendLog<Entry> {
  private fd: number | undefined;

  private constructor(
    private readonly path: string | undefined,
    private readonly fsync: boolean,
  ) {}

  /** Opens the log, replaying every complete entry through `apply`. */
  static open<Entry>(
    path: string | undefined,
    apply: (entry: Entry) => void,
    options: { fsync?: boolean } = {},
  ): AppendLog<Entry> {
    const log = new AppendLog<Entry>(path, options.fsync ?? false);
    if (!path) return log;
    mkdirSync(dirname(path), { recursive: true });
    const validBytes = existsSync(path) ? log.replay(path, apply) : 0;
    log.fd = openSync(path, 'a+');
    // Drop a torn tail (a line without its newline) left by a crash during a write.
    ftruncateSync(log.fd, validBytes);
    log.bytes = validBytes;
    log.compactedBytes = validBytes;
    return log;
  }

  /** Entries replayed when the log was opened, for callers that decide when to compact. */
  replayed = 0;
  /** The file's size now, and after it was last compacted (or opened). */
  bytes = 0;
  private compactedBytes = 0;

  /**
   * Whether the log has grown past `slackBytes` plus twice its size after the last compaction: a
   * store that rewrites whole entries compacts then, so the file stays within a constant factor
   * of its live content however long the process runs.
   */
  outgrown(slackBytes: number): boolean {
    return this.fd !== undefined && this.bytes - this.compactedBytes > 2 * this.compactedBytes + slackBytes;
  }

  /**
   * Applies every complete line (one that ends with a newline) and returns the bytes up to the end
   * of the last one. Read in chunks, not with one readFileSync: that stops at 2 GiB, which a log
   * of whole views outgrows (a newline byte never occurs inside a UTF-8 character, so a chunk
   * boundary can only cut a line, which is carried over to the next chunk).
   */
  private replay(path: string, apply: (entry: Entry) => void): number {
    const fd = openSync(path, 'r');
    try {
      const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(REPLAY_CHUNK_BYTES, fstatSync(fd).size)));
      let carried = Buffer.alloc(0);
      let position = 0;
      for (;;) {
        const read = readSync(fd, chunk, 0, chunk.length, position);
        if (read === 0) return position - carried.length;
        position += read;
        const content =
          carried.length > 0 ? Buffer.concat([carried, chunk.subarray(0, read)]) : chunk.subarray(0, read);
        let start = 0;
        for (let end = content.indexOf(10); end !== -1; end = content.indexOf(10, start)) {
          apply(JSON.parse(content.subarray(start, end).toString('utf8')) as Entry);
          this.replayed += 1;
          start = end + 1;
        }
        // A copy: the chunk is overwritten by the next read.
        carried = Buffer.from(content.subarray(start));
      }
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Replaces the log's content with `entries` (the current state, written as the shortest log that
   * rebuilds it): written to a temporary file, flushed, then renamed over the log, so a crash
   * leaves either the old log or the new one.
   */
  compact(entries: Iterable<Entry>): void {
    if (!this.path || this.fd === undefined) return;
    const temporary = `${this.path}.compact`;
    const fd = openSync(temporary, 'w');
    let bytes = 0;
    for (const entry of entries) bytes += writeSync(fd, `${JSON.stringify(entry)}\n`);
    fdatasyncSync(fd);
    closeSync(fd);
    closeSync(this.fd);
    renameSync(temporary, this.path);
    this.fd = openSync(this.path, 'a+');
    this.bytes = bytes;
    this.compactedBytes = bytes;
  }

  append(entry: Entry): void {
    if (this.fd === undefined) return;
    this.bytes += writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    if (this.fsync) fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  get persistent(): boolean {
    return this.path !== undefined;
  }
}
