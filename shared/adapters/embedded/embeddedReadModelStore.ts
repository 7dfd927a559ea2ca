import { join } from 'node:path';
import {
  type ChangedSinceQuery,
  changePositionOf,
  type PageQuery,
  parseChangePosition,
  type ReadModelStore,
  type StoredView,
  ViewConflictError,
  type ViewPage,
} from '#ports/readModelStore';
import { AppendLog } from './appendLog';
import { utf8Order } from './utf8Order';
import { ViewOrders } from './viewOrders';

/** Change order: `updatedAt` (ISO 8601 times order as text), then the key's UTF-8 bytes. */
const changeOrder = (a: Pick<StoredView, 'updatedAt' | 'key'>, b: Pick<StoredView, 'updatedAt' | 'key'>): number =>
  a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : utf8Order(a.key, b.key);

const viewKey = (context: string, projection: string, key: string) => `${context}\u0000${projection}\u0000${key}`;

/**
 * Views in memory, made durable by an append log (`views.jsonl`): every write is one entry, the
 * newest entry per view wins on replay, and the log is compacted on open once it is mostly stale
 * and while running once it outgrows its live content. Check and write run without an `await` between them, so
 * the revision check is atomic within the process, as DynamoDB's condition is across processes.
 */
export class EmbeddedReadModelStore implements ReadModelStore {
  private readonly views = new Map<string, StoredView>();
  /** Its views in key order and in each index's order, for pages. */
  private readonly orders = new ViewOrders();
  private readonly log: AppendLog<StoredView>;

  private readonly compactSlackBytes: number;

  /** `compactSlackBytes`: how far past three times its live size `views.jsonl` may grow (64 MiB). */
  /** `fileName`: the log under `dataDir` (`views.jsonl`; process states use `processes.jsonl`). */
  constructor(options: { dataDir?: string; fsync?: boolean; compactSlackBytes?: number; fileName?: string } = {}) {
    this.compactSlackBytes = options.compactSlackBytes ?? 64 * 2 ** 20;
    const path = options.dataDir ? join(options.dataDir, options.fileName ?? 'views.jsonl') : undefined;
    this.log = AppendLog.open<StoredView>(path, (view) => this.remember(view), options);
    // Every write appends the whole view: once most lines are superseded, keep only the newest.
    if (this.log.replayed > 2 * this.views.size + 1000) this.log.compact(this.views.values());
  }

  async get(context: string, projection: string, key: string): Promise<StoredView | undefined> {
    const view = this.views.get(viewKey(context, projection, key));
    return view && structuredClone(view);
  }

  async put(view: StoredView, expectedRevision: number): Promise<void> {
    const stored = this.views.get(this.keyOf(view));
    if ((stored?.revision ?? 0) !== expectedRevision) {
      throw new ViewConflictError(view.projection, view.key, expectedRevision);
    }
    const copy = structuredClone(view);
    this.log.append(copy);
    this.remember(copy);
    // A busy view (todoLists: every event rewrites it whole) would grow the log without bound.
    if (this.log.outgrown(this.compactSlackBytes)) this.log.compact(this.views.values());
  }

  async *list(context: string, projection: string): AsyncIterable<StoredView> {
    const prefix = viewKey(context, projection, '');
    for (const [key, view] of this.views) if (key.startsWith(prefix)) yield structuredClone(view);
  }

  async page(context: string, projection: string, query: PageQuery): Promise<ViewPage> {
    const { keys, next } = this.orders.page(context, projection, query);
    const views = keys.flatMap((key) => {
      const view = this.views.get(viewKey(context, projection, key));
      return view ? [structuredClone(view)] : [];
    });
    return next !== undefined ? { views, next } : { views };
  }

  /**
   * A scan of the projection's views in memory: it runs when a collection's subscriber comes
   * back, rarely, so no write pays to keep a change order.
   */
  async changedSince(context: string, projection: string, query: ChangedSinceQuery): Promise<ViewPage> {
    const after = query.after === undefined ? undefined : parseChangePosition(query.after);
    const changed: StoredView[] = [];
    for (const key of this.orders.keys(context, projection)) {
      const view = this.views.get(viewKey(context, projection, key));
      if (!view || view.updatedAt < query.since) continue;
      if (after && changeOrder(view, after) <= 0) continue;
      changed.push(view);
    }
    changed.sort(changeOrder);
    const views = changed.slice(0, query.limit).map((view) => structuredClone(view));
    const last = views.at(-1);
    return changed.length > query.limit && last ? { views, next: changePositionOf(last) } : { views };
  }

  close(): void {
    this.log.close();
  }

  private remember(view: StoredView): void {
    const id = this.keyOf(view);
    this.orders.track(this.views.get(id), view);
    this.views.set(id, view);
  }

  private keyOf(view: StoredView): string {
    return viewKey(view.context, view.projection, view.key);
  }
}
