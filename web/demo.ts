/**
 * The demo page: the todo lists of a context (`?context=`, default `default`), live. Commands go
 * over the socket; views arrive as pushes, so two windows see each other's changes at once.
 */
// Types only (nothing of the server is bundled): the sample domain's commands and views.
import type { SampleCommand, SampleViews } from '../shared/domain/index';
import { CairnClient } from './cairnClient';

type TodoListSummary = SampleViews['todoLists'];
type TodoListView = SampleViews['todoList'];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const context = new URLSearchParams(location.search).get('context') ?? 'default';
$('context').textContent = `context: ${context}`;
const token = document.querySelector<HTMLMetaElement>('meta[name="cairn-token"]')?.content;
const client = new CairnClient<SampleCommand, SampleViews>({
  baseUrl: location.origin,
  context,
  token,
  onState: (state) => {
    $('state').textContent = state;
    $('state').dataset.state = state;
  },
});

const newId = () => crypto.randomUUID().slice(0, 8);
const run = async (command: SampleCommand) => {
  const result = await client.command(command, { idempotencyKey: newId() });
  $('error').textContent = result.error ? `${result.error.code}: ${result.error.message}` : '';
  return result;
};

let selected: string | undefined;
let unsubscribeList: (() => void) | undefined;
/** The lists' summaries by list id, from the `todoLists` collection (followed live). */
const lists = new Map<string, TodoListSummary>();

const renderLists = () => {
  const sorted = [...lists.entries()].sort(([, a], [, b]) => a.title.localeCompare(b.title));
  const items = sorted.map(([id, list]) => {
    const item = document.createElement('li');
    item.setAttribute('aria-current', String(id === selected));
    const button = document.createElement('button');
    button.textContent = `${list.title} (${list.openCount} open, ${list.doneCount} done)`;
    button.onclick = () => select(id);
    item.append(button);
    return item;
  });
  $('lists').replaceChildren(...items);
};

const renderList = (view: TodoListView, version: number) => {
  $('list').hidden = false;
  $('title').textContent = view.title + (view.archived ? ' (archived)' : '');
  $('counts').textContent = `${view.openCount} open, ${view.doneCount} done`;
  $('version').textContent = `version ${version}`;
  $('todos').replaceChildren(
    ...view.todos.map((todo) => {
      const item = document.createElement('li');
      item.className = todo.done ? 'done' : '';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = todo.done;
      box.setAttribute('aria-label', todo.text);
      box.onchange = () =>
        void run({
          type: box.checked ? 'CompleteTodo' : 'ReopenTodo',
          aggregateId: view.listId,
          payload: { todoId: todo.todoId },
        });
      const text = document.createElement('span');
      // Most todos are of normal priority: only the others say theirs.
      text.textContent = ` ${todo.text}${todo.priority === 'normal' ? '' : ` (${todo.priority} priority)`}`;
      item.append(box, text);
      return item;
    }),
  );
};

const select = (listId: string) => {
  selected = listId;
  unsubscribeList?.();
  unsubscribeList = client.subscribe('todoList', listId, (view) => renderList(view.data, view.version));
  history.replaceState(null, '', `?context=${context}&list=${listId}`);
  renderLists();
};

// Every list's summary, live: new lists from other windows appear as they are created.
client.subscribeCollection('todoLists', (view) => {
  lists.set(view.key, view.data);
  renderLists();
});
const initial = new URLSearchParams(location.search).get('list');
if (initial) select(initial);

$<HTMLFormElement>('new-list').onsubmit = async (event) => {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const title = String(new FormData(form).get('title'));
  const listId = `list-${newId()}`;
  const result = await run({ type: 'CreateTodoList', aggregateId: listId, payload: { title } });
  if (!result.error) {
    form.reset();
    select(listId);
  }
};

$<HTMLFormElement>('new-todo').onsubmit = async (event) => {
  event.preventDefault();
  if (!selected) return;
  const form = event.target as HTMLFormElement;
  const text = String(new FormData(form).get('text'));
  const result = await run({ type: 'AddTodo', aggregateId: selected, payload: { todoId: newId(), text } });
  if (!result.error) form.reset();
};
