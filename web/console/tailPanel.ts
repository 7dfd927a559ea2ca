/** The live tail: every event of the context as it flows, newest first, filtered, pausable. */
import type { Panel } from './app';
import { h, plural } from './dom';
import type { TailEvent } from './tailSocket';

/** Rows kept on the page: older ones leave as new ones come. */
const MAX_ROWS = 300;

export const tailPanel: Panel = (app) => {
  const filter = h('input', { type: 'search', placeholder: 'Filter by type or stream', 'aria-label': 'Filter events' });
  const pause = h('button', { type: 'button', class: 'btn plain', 'aria-pressed': 'false' }, 'Pause');
  const rows = h('ol', { class: 'tail', 'aria-live': 'polite', 'aria-label': 'Live events' });
  const count = h('span', { class: 'pill' }, '0 events');
  let paused = false;
  let seen = 0;

  const matches = (row: HTMLElement) =>
    !filter.value || (row.dataset.search ?? '').includes(filter.value.toLowerCase());
  const rowOf = (event: TailEvent) => {
    const open = () => app.go('streams', { type: event.aggregateType, id: event.aggregateId });
    const row = h(
      'li',
      { class: 'tail-row', 'data-search': `${event.eventType} ${event.streamKey}`.toLowerCase() },
      h(
        'time',
        { datetime: event.committedAt, title: event.committedAt },
        new Date(event.committedAt).toLocaleTimeString(),
      ),
      h('code', { class: 'event-type' }, event.eventType),
      h('button', { type: 'button', class: 'link', onclick: open }, `${event.aggregateType}/${event.aggregateId}`),
      h('span', { class: 'version' }, `v${event.version}`),
      h('code', { class: 'payload' }, event.dataOmitted ? '(too large for a frame)' : JSON.stringify(event.data)),
    );
    row.hidden = !matches(row);
    return row;
  };

  const add = (event: TailEvent) => {
    seen += 1;
    count.textContent = plural(seen, 'event');
    if (paused) return;
    rows.prepend(rowOf(event));
    while (rows.children.length > MAX_ROWS) rows.lastElementChild?.remove();
  };
  for (const event of app.tail.recent()) add(event);
  const stop = app.tail.onEvent(add);
  filter.addEventListener('input', () => {
    for (const row of rows.children) (row as HTMLElement).hidden = !matches(row as HTMLElement);
  });
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
  });
  const empty = h('p', { class: 'muted' }, `Events of ${app.context} appear here as they are committed.`);
  return {
    element: h(
      'section',
      { class: 'panel', 'aria-labelledby': 'tail-title' },
      h(
        'header',
        { class: 'panel-head' },
        h('h2', { id: 'tail-title' }, 'Live tail'),
        h('div', { class: 'inline-form' }, filter, pause, count),
      ),
      h('div', { class: 'card' }, empty, rows),
    ),
    dispose: stop,
  };
};
