/**
 * Keys kept in the order DynamoDB keeps sort keys (their UTF-8 bytes), for pages of views: an
 * insert is a binary search and a splice, a page a binary search and a slice.
 */
export class SortedKeys {
  private readonly keys: string[] = [];

  insert(key: string): void {
    const at = this.firstAfter(key, true);
    if (this.keys[at] !== key) this.keys.splice(at, 0, key);
  }

  /** At most `limit` keys starting with `prefix`, after `after`; `more` when another such key follows. */
  page(query: { limit: number; prefix?: string; after?: string }): { keys: string[]; more: boolean } {
    const prefix = query.prefix ?? '';
    const start = query.after !== undefined && byteOrder(query.after, prefix) >= 0 ? query.after : undefined;
    let at = start === undefined ? this.firstAfter(prefix, true) : this.firstAfter(start, false);
    const keys: string[] = [];
    for (; at < this.keys.length && keys.length <= query.limit; at++) {
      const key = this.keys[at] as string;
      if (!key.startsWith(prefix)) break;
      keys.push(key);
    }
    return { keys: keys.slice(0, query.limit), more: keys.length > query.limit };
  }

  /** The index of the first key above `key` (or at it, with `inclusive`). */
  private firstAfter(key: string, inclusive: boolean): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = byteOrder(this.keys[middle] as string, key);
      if (order < 0 || (order === 0 && !inclusive)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

const encoder = new TextEncoder();

/** UTF-8 byte order: what DynamoDB compares sort keys by (UTF-16 order differs above U+FFFF). */
const byteOrder = (a: string, b: string): number => Buffer.compare(encoder.encode(a), encoder.encode(b));
