/**
 * The left panel: every list of the context, open ones by title and the archived ones apart, each
 * with its counts, followed live (a list created or changed in another window appears at once,
 * highlighted). Until the first listing is in, it says it is loading; then, if there is none, what
 * to do.
 */
import type { SampleViews } from '../../shared/domain/index';
import { byId, flash, h, syncKeyed } from './dom';

type Summary = SampleViews['todoLists'];

const counts = (list: Summary): string =>
  list.openCount + list.doneCount === 0 ? 'no todos' : `${list.openCount} open · ${list.doneCount} done`;

export class ListsPanel {
  private readonly lists = new Map<string, Summary>();
  /** Whether the lists are known (listed, or known to be none): before, the panel says "Loading". */
  private known = false;
  /**
   * The lists there were when the page asked (undefined until it knows): a list that arrives and
   * is not among them is news, created since, and is highlighted.
   */
  private listedKeys: ReadonlySet<string> | undefined;
  private changed: string | undefined;
  selected: string | undefined;

  constructor(private readonly onSelect: (listId: string) => void) {}

  title(listId: string): string | undefined {
    return this.lists.get(listId)?.title;
  }

  /** A list's summary, as delivered by the `todoLists` collection. */
  member(key: string, summary: Summary): void {
    const before = this.lists.get(key);
    this.lists.set(key, summary);
    const news = before
      ? before.title !== summary.title || counts(before) !== counts(summary)
      : this.listedKeys !== undefined && !this.listedKeys.has(key);
    if (news) {
      this.changed = key;
    }
    this.known = true;
    this.render();
  }

  /** The lists the REST API listed (its first page): none, and the panel says what to do. */
  listed(keys: readonly string[]): void {
    this.listedKeys = new Set(keys);
    if (keys.length === 0) this.known = true;
    this.render();
  }

  render(): void {
    const all = [...this.lists.entries()].sort(([, a], [, b]) => a.title.localeCompare(b.title));
    const open = all.filter(([, list]) => !list.archived);
    const archived = all.filter(([, list]) => list.archived);
    byId('lists-loading').hidden = this.known;
    const empty = byId('lists-empty');
    empty.hidden = !this.known || open.length > 0;
    empty.textContent = archived.length > 0 ? 'No open lists — create one above.' : 'No lists yet — create one above.';
    byId('archived-group').hidden = archived.length === 0;
    this.sync(byId('lists'), open);
    this.sync(byId('archived-lists'), archived);
    this.changed = undefined;
  }

  private sync(parent: HTMLElement, lists: [string, Summary][]): void {
    syncKeyed(
      parent,
      lists,
      ([id]) => id,
      ([id, list], existing) => {
        const item = existing ?? h('li', {}, h('button', { type: 'button' }));
        const button = item.querySelector('button') as HTMLButtonElement;
        button.onclick = () => this.onSelect(id);
        button.setAttribute('aria-label', `${list.title}, ${counts(list)}`);
        button.replaceChildren(h('span', { class: 'name' }, list.title), h('span', { class: 'count' }, counts(list)));
        if (id === this.selected) button.setAttribute('aria-current', 'true');
        else button.removeAttribute('aria-current');
        if (id === this.changed) flash(item);
        return item;
      },
    );
  }
}
