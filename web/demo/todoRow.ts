/** One todo of the open list: its checkbox (complete / reopen), text, priority, and its remove button. */
import type { SampleViews } from '../../shared/domain/index';
import { h } from './dom';

export type Todo = SampleViews['todoList']['todos'][number];

export interface TodoActions {
  /** Completes (`done`) or reopens the todo; false if that failed (the checkbox goes back). */
  setDone: (todoId: string, done: boolean) => Promise<boolean>;
  remove: (todoId: string) => void;
}

const PRIORITY: Record<Todo['priority'], string> = { low: 'Low', normal: '', high: 'High' };

/** Creates the row once, then updates it in place (a push must not take the focus away). */
export const todoRow = (
  todo: Todo,
  existing: HTMLElement | undefined,
  archived: boolean,
  actions: TodoActions,
): HTMLElement => {
  const row = existing ?? createRow(todo.todoId, actions);
  row.classList.toggle('done', todo.done);
  const box = row.querySelector('input') as HTMLInputElement;
  box.checked = todo.done;
  box.disabled = archived;
  (row.querySelector('.text') as HTMLElement).textContent = todo.text;
  const chip = row.querySelector('.chip') as HTMLElement;
  chip.textContent = PRIORITY[todo.priority];
  chip.className = `chip ${todo.priority}`;
  // Most todos are of normal priority: only the others say theirs.
  chip.hidden = todo.priority === 'normal';
  const remove = row.querySelector('.remove') as HTMLButtonElement;
  remove.hidden = archived;
  remove.setAttribute('aria-label', `Remove “${todo.text}”`);
  remove.title = 'Remove';
  return row;
};

const createRow = (todoId: string, actions: TodoActions): HTMLElement => {
  const box = h('input', { type: 'checkbox' });
  box.onchange = async () => {
    const done = box.checked;
    if (!(await actions.setDone(todoId, done))) box.checked = !done;
  };
  const remove = h('button', { type: 'button', class: 'button quiet remove' }, '×');
  remove.onclick = () => actions.remove(todoId);
  return h(
    'li',
    { class: 'todo' },
    h('label', {}, box, h('span', { class: 'text' })),
    h('span', { class: 'chip' }),
    remove,
  );
};

/** Whether a push changed what the row shows. */
export const todoChanged = (before: Todo, after: Todo): boolean =>
  before.done !== after.done || before.text !== after.text || before.priority !== after.priority;
