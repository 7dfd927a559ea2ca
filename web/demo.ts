/**
 * The demo page: the todo lists of a context (`?context=`, default `default`), live. Commands go
 * over the socket; views arrive as pushes, so two windows see each other's changes at once. The
 * parts are in web/demo/: the connection's state, the two panels, the commands and their errors.
 */
// Types only (nothing of the server is bundled): the sample domain's commands and views.
import type { SampleCommand, SampleViews } from '../shared/domain/index';
import { CairnClient } from './cairnClient';
import { Commands } from './demo/commands';
import { ConnectionWatch, probeContext } from './demo/connection';
import { listContexts, showContext } from './demo/contextPicker';
import { byId } from './demo/dom';
import { todoActions, wireListForms } from './demo/listActions';
import { ListPanel } from './demo/listPanel';
import { ListsPanel } from './demo/listsPanel';
import { StatusView } from './demo/statusView';
import { addStyles } from './demo/styles';

addStyles();
const params = new URLSearchParams(location.search);
const context = params.get('context') || 'default';
const token = document.querySelector<HTMLMetaElement>('meta[name="cairn-token"]')?.content || undefined;
const at = { baseUrl: location.origin, context, ...(token && { token }) };

showContext(context, []);
const status = new StatusView(context);
const watch = new ConnectionWatch({
  probe: () => probeContext(at),
  show: (state) => {
    status.show(state);
    if (state !== 'live') return;
    void probeContext(at).then((probe) => {
      if (!probe.reached || !probe.keys) return;
      lists.listed(probe.keys);
      // A list asked for (`?list=`) that is not among all the lists does not exist.
      if (list.listId && probe.all && !probe.keys.includes(list.listId)) list.missing(context);
    });
  },
  stop: () => client.close(),
});
void listContexts(at).then((known) => {
  showContext(context, known);
  status.known = known;
  // The unknown-context page links to the others: it may have been shown before they were listed.
  if (watch.current === 'unknown-context') status.show(watch.current);
});

const client = new CairnClient<SampleCommand, SampleViews>({
  ...at,
  onState: (state) => watch.clientState(state),
});
const commands = new Commands(client, context, () => watch.current === 'live');

const list: ListPanel = new ListPanel(todoActions(commands, () => list));
let unsubscribeList: (() => void) | undefined;

const select = (listId: string, byUser: boolean) => {
  lists.selected = listId;
  lists.render();
  list.open(listId, lists.title(listId));
  unsubscribeList?.();
  unsubscribeList = client.subscribe('todoList', listId, (view) => {
    status.pulse();
    list.render(view.data, view.version);
  });
  const query = new URLSearchParams({ context, list: listId });
  history.replaceState(null, '', `?${query}`);
  // Stacked on a phone: the list is below the lists, so it is brought into view.
  if (byUser && matchMedia('(max-width: 760px)').matches) {
    byId('list-panel').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }
};
const lists = new ListsPanel((listId) => select(listId, true));

// Every list's summary, live: new lists from other windows appear as they are created.
client.subscribeCollection('todoLists', (view) => {
  status.pulse();
  lists.member(view.key, view.data);
});
const initial = params.get('list');
if (initial) select(initial, false);

const newList = byId<HTMLFormElement>('new-list');
newList.onsubmit = async (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>('new-list-title');
  const title = input.value;
  const listId = `list-${crypto.randomUUID().slice(0, 8)}`;
  if (await commands.send({ type: 'CreateTodoList', aggregateId: listId, payload: { title } }, { form: newList })) {
    if (input.value === title) input.value = '';
    select(listId, true);
    byId('new-todo-text').focus();
  }
};
wireListForms(commands, list);
