/**
 * What the open list's controls send: add a todo (with its priority), complete / reopen / remove
 * one, rename the list, archive it. A rename says which version of the list it was made against
 * (`expectedVersion`), so a rename made while another window changed the list is refused (409)
 * and explained, rather than silently overwriting what the user did not see.
 */
import type { Commands } from './commands';
import { byId } from './dom';
import type { ListPanel } from './listPanel';
import type { TodoActions } from './todoRow';

const form = (id: string) => byId<HTMLFormElement>(id);
const listError = { line: byId('list-error') };

/** The todo actions of a row, sent for the list the panel shows. */
export const todoActions = (commands: Commands, panel: () => ListPanel): TodoActions => ({
  setDone: async (todoId, done) => {
    const aggregateId = panel().listId;
    if (!aggregateId) return false;
    const type = done ? 'CompleteTodo' : 'ReopenTodo';
    return (await commands.send({ type, aggregateId, payload: { todoId } }, listError)) !== undefined;
  },
  remove: (todoId) => {
    const aggregateId = panel().listId;
    if (aggregateId) void commands.send({ type: 'RemoveTodo', aggregateId, payload: { todoId } }, listError);
  },
});

export const wireListForms = (commands: Commands, panel: ListPanel): void => {
  form('new-todo').onsubmit = async (event) => {
    event.preventDefault();
    const target = form('new-todo');
    const data = new FormData(target);
    const aggregateId = panel.listId;
    if (!aggregateId) return;
    const priority = String(data.get('priority')) as 'low' | 'normal' | 'high';
    const text = String(data.get('text'));
    const payload = { todoId: crypto.randomUUID().slice(0, 8), text, priority };
    const input = byId<HTMLInputElement>('new-todo-text');
    if (await commands.send({ type: 'AddTodo', aggregateId, payload }, { form: target })) {
      // Cleared only if it still holds what was sent: the next todo may be typed while this one is on its way.
      if (input.value === text) input.value = '';
      input.focus();
    }
  };
  wireRename(commands, panel);
  wireArchive(commands, panel);
};

const wireRename = (commands: Commands, panel: ListPanel): void => {
  const input = byId<HTMLInputElement>('rename-title');
  /** The version the user saw when they started renaming. */
  let base = 0;
  const editing = (on: boolean) => {
    byId('list-head').hidden = on;
    form('rename-form').hidden = !on;
    form('rename-form').querySelector('.form-error')?.replaceChildren();
    input.removeAttribute('aria-invalid');
  };
  byId('rename').onclick = () => {
    base = panel.version;
    input.value = panel.view?.title ?? '';
    editing(true);
    input.select();
  };
  const cancel = () => {
    editing(false);
    byId('rename').focus();
  };
  byId('rename-cancel').onclick = cancel;
  input.onkeydown = (event) => {
    if (event.key === 'Escape') cancel();
  };
  form('rename-form').onsubmit = async (event) => {
    event.preventDefault();
    const aggregateId = panel.listId;
    if (!aggregateId) return;
    const title = input.value;
    if (title.trim() === panel.view?.title) return cancel();
    const command = { type: 'RenameTodoList', aggregateId, payload: { title } } as const;
    const result = await commands.send(command, { form: form('rename-form') }, { expectedVersion: base });
    if (result) return cancel();
    // Refused: the panel now shows the list as it is, and a second Save renames that.
    base = panel.version;
  };
};

const wireArchive = (commands: Commands, panel: ListPanel): void => {
  const confirming = (on: boolean) => {
    byId('archive').hidden = on;
    byId('archive-confirm').hidden = !on;
    (on ? byId('archive-yes') : byId('archive')).focus();
  };
  byId('archive').onclick = () => confirming(true);
  byId('archive-no').onclick = () => confirming(false);
  byId('archive-yes').onclick = async () => {
    const aggregateId = panel.listId;
    if (!aggregateId) return;
    const done = await commands.send({ type: 'ArchiveTodoList', aggregateId, payload: {} }, listError);
    byId('archive').hidden = false;
    byId('archive-confirm').hidden = true;
    if (!done) byId('archive').focus();
  };
};
