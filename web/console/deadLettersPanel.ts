/** Dead letters of the projection and process workers: the failed message, its error, redrive one or all. */
import { inWords } from './api';
import type { Panel } from './app';
import { actionButton, h, jsonDetails, notice, setAllowed, table, timeCell } from './dom';
import { can, needs } from './session';

interface Letter {
  id: string;
  summary: string;
  reason: string;
  failedAt: string;
  receiveCount: number;
  groupId: string;
  message: unknown;
}

const QUEUES = [
  { name: 'projections', title: 'Projection worker' },
  { name: 'processes', title: 'Process managers' },
] as const;

export const deadLettersPanel: Panel = (app) => {
  const { context } = app;
  const status = h('p', { class: 'notice', hidden: true, role: 'status' });
  const admin = can(app.principal, context, 'admin');
  const why = needs(context, 'admin');
  const sections = QUEUES.map((queue) => ({
    ...queue,
    all: actionButton(`Redrive all ${queue.name}`, () => redrive(queue.name, { all: true }), {
      allowed: false,
      why,
      kind: 'primary',
    }),
    body: h('div', { class: 'card-body' }),
    count: h('span', { class: 'pill' }, '…'),
  }));

  const redrive = async (queue: string, choice: { ids: string[] } | { all: true }) => {
    try {
      const result = await app.api.post<{ redriven: string[]; missing: string[] }>(
        `/v1/${context}/_admin/dead-letters/${queue}/redrive`,
        choice,
      );
      const missing = result.missing.length ? `; ${result.missing.length} no longer there` : '';
      notice(status, `Redrove ${result.redriven.length} dead letter(s) to the ${queue} queue${missing}.`, 'ok');
      await load();
    } catch (error) {
      notice(status, inWords(error), 'error');
    }
  };

  const render = (section: (typeof sections)[number], letters: Letter[], complete: boolean) => {
    section.count.textContent = `${letters.length}${complete ? '' : '+'}`;
    section.count.className = `pill ${letters.length ? 'failed' : 'live'}`;
    setAllowed(section.all, admin && letters.length > 0, admin ? 'No dead letters to redrive' : why);
    const rows = letters.map((letter) => [
      timeCell(letter.failedAt),
      h('div', { class: 'letter' }, h('code', {}, letter.summary), jsonDetails('Failed message', letter.message)),
      h('span', { class: 'reason' }, letter.reason),
      String(letter.receiveCount),
      actionButton('Redrive', () => redrive(section.name, { ids: [letter.id] }), { allowed: admin, why }),
    ]);
    section.body.replaceChildren(
      table(['Failed', 'Message', 'Error', 'Receives', ''], rows, 'No dead letters'),
      complete ? '' : h('p', { class: 'muted' }, 'More letters wait than are listed here.'),
    );
  };

  const load = async () => {
    await Promise.all(
      sections.map(async (section) => {
        try {
          const answer = await app.api.get<{ letters: Letter[]; complete: boolean }>(
            `/v1/${context}/_admin/dead-letters/${section.name}?limit=200`,
          );
          render(section, answer.letters, answer.complete);
        } catch (error) {
          section.count.textContent = '?';
          section.body.replaceChildren(h('p', { class: 'notice error' }, inWords(error)));
        }
      }),
    );
  };

  void load();
  return {
    element: h(
      'section',
      { class: 'panel', 'aria-labelledby': 'letters-title' },
      h(
        'header',
        { class: 'panel-head' },
        h('h2', { id: 'letters-title' }, 'Dead letters'),
        actionButton('Refresh', load),
      ),
      status,
      ...sections.map((section) =>
        h(
          'article',
          { class: 'card', 'data-queue': section.name },
          h('header', {}, h('h3', {}, section.title, ' ', section.count), section.all),
          section.body,
        ),
      ),
    ),
  };
};
