import { keyOfSortPosition } from '#core/viewIndex';
import type { PageQuery, StoredView } from '#ports/readModelStore';
import { SortedKeys } from './sortedKeys';

/**
 * The embedded store's orders of its views, kept in memory and rebuilt from the log at start:
 * per projection (in a context) its keys, and per index its views' sort positions (all of them,
 * and per filter field and value), as the DynamoDB table and its indexes keep them.
 */
export class ViewOrders {
  private readonly orders = new Map<string, SortedKeys>();

  /** Takes a view's write into the orders: a new key, and its index entries moved if they changed. */
  track(previous: StoredView | undefined, view: StoredView): void {
    const partition = partitionOf(view);
    if (!previous) this.order(`${partition}\u0000key`).insert(view.key);
    // Most writes leave a view's index values as they were (a todo added, not the list renamed).
    if (sameIndex(previous, view)) return;
    if (previous?.index) for (const [name, position] of entries(partition, previous)) this.order(name).remove(position);
    if (view.index) for (const [name, position] of entries(partition, view)) this.order(name).insert(position);
  }

  /** Every key of a projection's views in a context, in key order. */
  keys(context: string, projection: string): readonly string[] {
    return this.orders.get(`${context}\u0000${projection}\u0000key`)?.all ?? [];
  }

  /** The keys of one page, and where it ended when more follow. */
  page(context: string, projection: string, query: PageQuery): { keys: string[]; next?: string } {
    const partition = `${context}\u0000${projection}`;
    const filter = query.index?.filter;
    const name = !query.index
      ? `${partition}\u0000key`
      : filter
        ? `${partition}\u0000f${filter.slot}\u0000${filter.value}`
        : `${partition}\u0000sorted`;
    const order = this.orders.get(name);
    if (!order) return { keys: [] };
    const { keys: positions, more } = order.page({
      limit: query.limit,
      ...(!query.index && query.prefix !== undefined && { prefix: query.prefix }),
      ...(query.after !== undefined && { after: query.after }),
      ...(query.index?.descending && { descending: true }),
    });
    const last = positions.at(-1);
    const keys = query.index ? positions.map(keyOfSortPosition) : positions;
    return more && last !== undefined ? { keys, next: last } : { keys };
  }

  private order(name: string): SortedKeys {
    let order = this.orders.get(name);
    if (!order) {
      order = new SortedKeys();
      this.orders.set(name, order);
    }
    return order;
  }
}

const partitionOf = (view: StoredView) => `${view.context}\u0000${view.projection}`;

/** The index entries of a view: its sort position in the sorted order and under each filter value. */
const entries = (partition: string, view: StoredView): [string, string][] => {
  const index = view.index;
  if (!index) return [];
  const filtered = index.filters.flatMap((value, slot): [string, string][] =>
    value === undefined ? [] : [[`${partition}\u0000f${slot}\u0000${value}`, index.sort]],
  );
  return [[`${partition}\u0000sorted`, index.sort], ...filtered];
};

const sameIndex = (previous: StoredView | undefined, view: StoredView): boolean => {
  const before = previous?.index;
  const after = view.index;
  if (!before || !after) return before === after;
  return (
    before.sort === after.sort &&
    before.filters.length === after.filters.length &&
    before.filters.every((value, slot) => value === after.filters[slot])
  );
};
