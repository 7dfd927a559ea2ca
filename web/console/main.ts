/**
 * Cairn's console: the operator's view of one deployment, over its REST and WebSocket APIs with a
 * bearer token. The same files run served by the local runtime (`/console/`) and as a static site
 * beside the stack. Each panel is a hash route (`#/streams?context=…&type=…&id=…`); what the token
 * may not do is disabled, and the API's refusal is shown in words if it is tried anyway.
 */
import { Api, inWords, type Settings } from './api';
import type { ConsoleApp, OpenApiDocument, Panel, PanelView } from './app';
import { contextsPanel } from './contextsPanel';
import { deadLettersPanel } from './deadLettersPanel';
import { h } from './dom';
import { processesPanel } from './processesPanel';
import { projectionsPanel } from './projectionsPanel';
import { grantedContexts, type Principal, roleIn } from './session';
import { loadSettings, settingsDialog } from './settings';
import { streamsPanel } from './streamsPanel';
import { tailPanel } from './tailPanel';
import { TailSocket } from './tailSocket';

const PANELS: readonly { id: string; title: string; panel: Panel }[] = [
  { id: 'streams', title: 'Streams', panel: streamsPanel },
  { id: 'tail', title: 'Live tail', panel: tailPanel },
  { id: 'projections', title: 'Projections', panel: projectionsPanel },
  { id: 'dead-letters', title: 'Dead letters', panel: deadLettersPanel },
  { id: 'processes', title: 'Processes', panel: processesPanel },
  { id: 'contexts', title: 'Contexts', panel: contextsPanel },
];

const LAST_CONTEXT = 'cairn-console-context';

const route = (): { panel: string; params: URLSearchParams } => {
  const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return { panel: PANELS.some((entry) => entry.id === path) ? path : 'streams', params: new URLSearchParams(query) };
};

const contextsOf = async (api: Api, principal: Principal | undefined): Promise<string[]> => {
  const names = new Set(grantedContexts(principal));
  if (roleIn(principal, '_admin') === 'admin') {
    try {
      const { contexts } = await api.get<{ contexts: { name: string; state: string }[] }>('/v1/_admin/contexts');
      for (const record of contexts) if (record.state === 'active') names.add(record.name);
    } catch {
      // The list is a convenience: the token's own contexts still show.
    }
  }
  return [...names].sort();
};

const start = async () => {
  let settings: Settings = await loadSettings();
  const api = new Api(() => settings);
  const banner = h('p', { class: 'notice error banner', role: 'alert', hidden: true });
  let principal: Principal | undefined;
  try {
    principal = await api.get<Principal>('/v1/_whoami');
  } catch (error) {
    banner.textContent = inWords(error);
    banner.hidden = false;
  }
  const picker = h('select', { 'aria-label': 'Context', class: 'context-picker' });
  const state = h('span', { class: 'pill state', 'data-state': 'connecting', role: 'status' }, 'connecting');
  const who = h('span', { class: 'who' }, principal ? `${principal.subject}` : 'no token');
  const nav = h('nav', { class: 'tabs', 'aria-label': 'Console' });
  const main = h('main', { class: 'content' });
  const dialog = settingsDialog(settings, (saved) => {
    settings = saved;
    location.reload();
  });
  const settingsButton = h(
    'button',
    { type: 'button', class: 'btn plain', onclick: () => dialog.showModal() },
    'Settings',
  );
  const header = h(
    'header',
    { class: 'topbar' },
    h(
      'a',
      { class: 'brand', href: '#/streams' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }),
      h('span', {}, 'Cairn', h('span', { class: 'brand-sub' }, ' console')),
    ),
    picker,
    h('div', { class: 'top-right' }, state, who, settingsButton),
  );
  document.body.replaceChildren(header, nav, banner, main, dialog);

  let openApiDocument: Promise<OpenApiDocument | undefined> | undefined;
  let view: PanelView | undefined;
  let tail: TailSocket | undefined;
  const app: ConsoleApp = {
    api,
    settings,
    principal,
    context: '',
    tail: undefined as unknown as TailSocket,
    openApi: () => {
      openApiDocument ??= api.get<OpenApiDocument>('/openapi.json').catch(() => undefined);
      return openApiDocument;
    },
    go: (panel, params = {}) => {
      location.hash = `#/${panel}?${new URLSearchParams({ context: app.context, ...params })}`;
    },
    contextsChanged: () => void fillPicker(),
  };

  const fillPicker = async () => {
    const names = await contextsOf(api, principal);
    if (app.context && !names.includes(app.context)) names.unshift(app.context);
    picker.replaceChildren(...names.map((name) => h('option', { value: name }, name)));
    picker.value = app.context;
  };

  const useContext = (context: string) => {
    if (context === app.context && tail) return;
    tail?.close();
    app.context = context;
    localStorage.setItem(LAST_CONTEXT, context);
    tail = new TailSocket({
      wsUrl: settings.wsUrl,
      context,
      token: settings.token,
      onState: (now, detail) => {
        state.textContent = now === 'open' ? 'live' : now;
        state.dataset.state = now;
        state.title = detail ?? '';
      },
    });
    app.tail = tail;
    picker.value = context;
  };

  const show = () => {
    const { panel, params } = route();
    const wanted = params.get('context') ?? app.context;
    if (wanted) useContext(wanted);
    view?.dispose?.();
    const entry = PANELS.find((candidate) => candidate.id === panel) ?? PANELS[0];
    nav.replaceChildren(
      ...PANELS.map((item) =>
        h(
          'a',
          {
            href: `#/${item.id}?context=${encodeURIComponent(app.context)}`,
            'aria-current': item.id === entry?.id ? 'page' : undefined,
          },
          item.title,
        ),
      ),
    );
    view = entry?.panel(app, params);
    if (view) main.replaceChildren(view.element);
  };

  const names = await contextsOf(api, principal);
  const first = route().params.get('context') ?? localStorage.getItem(LAST_CONTEXT) ?? names[0] ?? 'default';
  useContext(names.includes(first) || names.length === 0 ? first : (names[0] ?? first));
  await fillPicker();
  picker.addEventListener('change', () => {
    location.hash = `#/${route().panel}?context=${encodeURIComponent(picker.value)}`;
  });
  window.addEventListener('hashchange', show);
  show();
};

void start();
