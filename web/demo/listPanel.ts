/**
 * The right panel: the open list as its live view says, pushed on every change. What a push changed
 * is highlighted (a todo added, done, reopened; the title); an archived list is shown read-only.
 */
import type { SampleViews } from '../../shared/domain/index';
import { byId, flash, syncKeyed } from './dom';
import { type TodoActions, todoChanged, todoRow } from './todoRow';

type ListView = SampleViews['todoList'];

const countsText = (view: ListView): string => {
  const total = view.openCount + view.doneCount;
  if (total === 0) return 'No todos';
  return `${view.openCount} open, ${view.doneCount} done`;
};

export class ListPanel {
  /** The view shown, and its version: what a rename's expected version and the highlights compare with. */
  view: ListView | undefined;
  version = 0;
  listId: string | undefined;

  constructor(private readonly actions: TodoActions) {}

  /** A list was picked: empty until its view arrives. */
  open(listId: string, title: string | undefined): void {
    this.listId = listId;
    this.view = undefined;
    this.version = 0;
    byId('list-placeholder').hidden = true;
    delete byId('list-panel').dataset.empty;
    byId('list').hidden = false;
    byId('title').textContent = title || 'Opening…';
    byId('counts').textContent = '';
    byId('version').textContent = '';
    byId('todos').replaceChildren();
    byId('todos-empty').hidden = true;
    byId('list-error').replaceChildren();
    // A rename or an archive begun on the list shown before is dropped.
    byId('rename-form').hidden = true;
    byId('list-head').hidden = false;
    byId('archive').hidden = false;
    byId('archive-confirm').hidden = true;
  }

  /** The list asked for (`?list=`) is not among the context's lists. */
  missing(context: string): void {
    if (this.view || !this.listId) return;
    byId('title').textContent = 'List not found';
    byId('counts').textContent = `No list '${this.listId}' in context '${context}'. Pick another one.`;
    for (const id of ['new-todo', 'rename', 'list-foot']) byId(id).hidden = true;
  }

  render(view: ListView, version: number): void {
    if (view.listId !== this.listId) return; // a late push for the list shown before
    const before = this.view;
    this.view = view;
    this.version = version;
    const title = byId('title');
    title.textContent = view.title;
    if (before && before.title !== view.title) flash(title);
    document.title = `${view.title} — Cairn`;
    byId('counts').textContent = countsText(view);
    byId('version').textContent = `version ${version}`;
    this.showArchived(view.archived);
    byId('todos-empty').hidden = view.todos.length > 0 || view.archived;
    const previous = new Map((before?.todos ?? []).map((todo) => [todo.todoId, todo]));
    syncKeyed(
      byId('todos'),
      view.todos,
      (todo) => todo.todoId,
      (todo, existing) => {
        const row = todoRow(todo, existing, view.archived, this.actions);
        const old = previous.get(todo.todoId);
        // The first view of a list is what it is, not news; after that, new or changed todos are.
        if (before && (!old || todoChanged(old, todo))) flash(row);
        return row;
      },
    );
  }

  private showArchived(archived: boolean): void {
    byId('archived-badge').hidden = !archived;
    byId('archived-note').hidden = !archived;
    byId('new-todo').hidden = archived;
    byId('rename').hidden = archived;
    byId('list-foot').hidden = archived;
    if (archived) {
      byId('rename-form').hidden = true;
      byId('list-head').hidden = false;
    }
  }
}
