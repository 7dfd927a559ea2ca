import { utf8Order } from './utf8Order';

/**
 * Keys kept in the order DynamoDB keeps sort keys (their UTF-8 bytes), for pages of views: an
 * insert or a removal is a binary search and a splice, a page a binary search and a slice.
 */
export class SortedKeys {
  private readonly keys: string[] = [];

  /** Every key, in order (not to be changed by the caller). */
  get all(): readonly string[] {
    return this.keys;
  }

  get size(): number {
    return this.keys.length;
  }

  insert(key: string): void {
    const at = this.firstAfter(key, true);
    if (this.keys[at] !== key) this.keys.splice(at, 0, key);
  }

  remove(key: string): void {
    const at = this.firstAfter(key, true);
    if (this.keys[at] === key) this.keys.splice(at, 1);
  }

  /**
   * At most `limit` keys starting with `prefix`, after `after` (before it, `descending`); `more`
   * when another such key follows.
   */
  page(query: { limit: number; prefix?: string; after?: string; descending?: boolean }): {
    keys: string[];
    more: boolean;
  } {
    const prefix = query.prefix ?? '';
    const found: string[] = [];
    const take = (at: number) => {
      const key = this.keys[at];
      if (key === undefined || !key.startsWith(prefix)) return false;
      found.push(key);
      return found.length <= query.limit;
    };
    if (query.descending) {
      // Prefixes are not used in descending pages (index pages have none): from the end, or before `after`.
      let at = query.after === undefined ? this.keys.length - 1 : this.firstAfter(query.after, true) - 1;
      while (at >= 0 && take(at)) at--;
    } else {
      const start = query.after !== undefined && utf8Order(query.after, prefix) >= 0 ? query.after : undefined;
      let at = start === undefined ? this.firstAfter(prefix, true) : this.firstAfter(start, false);
      while (take(at)) at++;
    }
    return { keys: found.slice(0, query.limit), more: found.length > query.limit };
  }

  /** The index of the first key above `key` (or at it, with `inclusive`). */
  private firstAfter(key: string, inclusive: boolean): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = utf8Order(this.keys[middle] as string, key);
      if (order < 0 || (order === 0 && !inclusive)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
