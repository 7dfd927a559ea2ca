/** Process managers: each with its instances, their state and pending deadlines. */
import { inWords } from './api';
import type { Panel } from './app';
import { actionButton, h, jsonDetails, notice, plural, table, timeCell } from './dom';

interface Instance {
  key: string;
  folded: number;
  updatedAt: string;
  state: unknown;
  deadlines: { name: string; dueAt: string }[];
}

interface ProcessManager {
  name: string;
  sources: string[];
  instances: Instance[];
  more: boolean;
}

export const processesPanel: Panel = (app) => {
  const status = h('p', { class: 'notice', hidden: true, role: 'status' });
  const list = h('div', { class: 'cards' });

  const load = async () => {
    try {
      const { processes } = await app.api.get<{ processes: ProcessManager[] }>(
        `/v1/${app.context}/_admin/processes?limit=100`,
      );
      list.replaceChildren(
        ...processes.map((manager) => {
          const pending = manager.instances.reduce((sum, instance) => sum + instance.deadlines.length, 0);
          const rows = manager.instances.map((instance) => [
            h('code', {}, instance.key),
            String(instance.folded),
            timeCell(instance.updatedAt),
            instance.deadlines.length
              ? h(
                  'ul',
                  { class: 'deadlines' },
                  ...instance.deadlines.map((deadline) =>
                    h('li', {}, h('code', {}, deadline.name), ' due ', timeCell(deadline.dueAt)),
                  ),
                )
              : h('span', { class: 'muted' }, 'none'),
            jsonDetails('State', instance.state),
          ]);
          return h(
            'article',
            { class: 'card', 'data-process': manager.name },
            h(
              'header',
              {},
              h('h3', {}, manager.name),
              h(
                'span',
                { class: 'muted' },
                `follows ${manager.sources.join(', ')} · ${plural(manager.instances.length, 'instance')}${manager.more ? '+' : ''} · ${pending} pending ${pending === 1 ? 'deadline' : 'deadlines'}`,
              ),
            ),
            table(['Instance', 'Inputs folded', 'Updated', 'Pending deadlines', ''], rows, 'No instances yet'),
          );
        }),
      );
    } catch (error) {
      notice(status, inWords(error), 'error');
    }
  };

  void load();
  return {
    element: h(
      'section',
      { class: 'panel', 'aria-labelledby': 'processes-title' },
      h(
        'header',
        { class: 'panel-head' },
        h('h2', { id: 'processes-title' }, 'Process managers'),
        actionButton('Refresh', load),
      ),
      status,
      list,
    ),
  };
};
