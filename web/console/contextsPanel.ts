/** Contexts: the deployment's (admins of `_admin`: listed, created, retired), or those the token names. */
import { inWords } from './api';
import type { Panel } from './app';
import { actionButton, h, notice, table, timeCell } from './dom';
import { can, grantedContexts, needs, roleIn } from './session';

interface ContextRecord {
  name: string;
  state: 'active' | 'retired';
  createdAt: string;
  retiredAt?: string;
}

export const contextsPanel: Panel = (app) => {
  const status = h('p', { class: 'notice', hidden: true, role: 'status' });
  const list = h('div', { class: 'card-body' });
  const manager = can(app.principal, '_admin', 'admin');
  const why = needs('_admin', 'admin');

  const load = async () => {
    if (!manager) {
      const rows = grantedContexts(app.principal).map((name) => [
        h('code', {}, name),
        roleIn(app.principal, name) ?? '',
      ]);
      list.replaceChildren(
        h(
          'p',
          { class: 'muted' },
          'Listing every context needs the admin role in _admin; these are the ones your token names.',
        ),
        table(['Context', 'Your role'], rows, 'Your token names no context'),
      );
      return;
    }
    try {
      const { contexts, open } = await app.api.get<{ contexts: ContextRecord[]; open: boolean }>('/v1/_admin/contexts');
      const rows = contexts.map((record) => [
        h(
          'button',
          { type: 'button', class: 'link', onclick: () => app.go('streams', { context: record.name }) },
          record.name,
        ),
        h('span', { class: `pill ${record.state}` }, record.state),
        timeCell(record.createdAt),
        record.retiredAt ? timeCell(record.retiredAt) : '—',
        record.state === 'active'
          ? actionButton(`Retire ${record.name}`, () => retire(record.name), { kind: 'danger' })
          : '',
      ]);
      list.replaceChildren(
        open
          ? h('p', { class: 'muted' }, 'Contexts are open here (CAIRN_CONTEXTS=*): any well-formed name exists.')
          : '',
        table(['Context', 'State', 'Created', 'Retired', ''], rows, 'No contexts'),
      );
    } catch (error) {
      notice(status, inWords(error), 'error');
    }
  };

  const retire = async (name: string) => {
    if (!confirm(`Retire context ${name}? Its data stays, but nobody can use it, and the name is not reused.`)) return;
    try {
      await app.api.delete(`/v1/_admin/contexts/${encodeURIComponent(name)}`);
      notice(status, `Context ${name} is retired.`, 'ok');
      app.contextsChanged();
      await load();
    } catch (error) {
      notice(status, inWords(error), 'error');
    }
  };

  const name = h('input', {
    type: 'text',
    name: 'name',
    placeholder: 'e.g. billing',
    pattern: '[a-z0-9]([a-z0-9\\-]{0,30}[a-z0-9])?',
    required: true,
    'aria-label': 'New context name',
    disabled: !manager,
    title: manager ? undefined : why,
  });
  const create = h(
    'button',
    { type: 'submit', class: 'btn primary', disabled: !manager, title: manager ? undefined : why },
    'Create context',
  );
  const form = h('form', { class: 'inline-form' }, name, create);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const record = await app.api.post<ContextRecord>('/v1/_admin/contexts', { name: name.value.trim() });
      notice(status, `Context ${record.name} is created.`, 'ok');
      name.value = '';
      app.contextsChanged();
      await load();
    } catch (error) {
      notice(status, inWords(error), 'error');
    }
  });

  void load();
  return {
    element: h(
      'section',
      { class: 'panel', 'aria-labelledby': 'contexts-title' },
      h('header', { class: 'panel-head' }, h('h2', { id: 'contexts-title' }, 'Contexts'), form),
      status,
      h('div', { class: 'card' }, list),
    ),
  };
};
