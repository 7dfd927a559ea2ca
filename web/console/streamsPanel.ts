/** Streams: an aggregate's events with their versions and payloads, live; its views, live; commands. */
import { CairnClient } from '../cairnClient';
import { ApiError, inWords } from './api';
import { aggregateTypesOf, type Panel } from './app';
import { commandForm } from './commandForm';
import { h, jsonBlock, notice, table } from './dom';
import { can, needs } from './session';
import type { TailEvent } from './tailSocket';

interface StoredEvent {
  type: string;
  version: number;
  schemaVersion?: number;
  data?: unknown;
}

interface EventsPage {
  events: StoredEvent[];
  nextFromVersion?: number;
}

export const streamsPanel: Panel = (app, params) => {
  const { context } = app;
  const type = h('select', { name: 'aggregateType', 'aria-label': 'Aggregate type' });
  const id = h('input', {
    type: 'text',
    name: 'aggregateId',
    required: true,
    placeholder: 'aggregate id',
    'aria-label': 'Aggregate id',
    value: params.get('id') ?? '',
  });
  const finder = h(
    'form',
    { class: 'inline-form', 'aria-label': 'Find an aggregate' },
    type,
    id,
    h('button', { type: 'submit', class: 'btn primary' }, 'Open stream'),
  );
  const status = h('p', { class: 'notice', hidden: true, role: 'status' });
  const events = h(
    'div',
    { class: 'card-body' },
    h('p', { class: 'muted' }, 'Pick an aggregate type and id to read its stream.'),
  );
  const views = h('div', { class: 'views' });
  const heading = h('h3', {}, 'Events');
  const client = new CairnClient({
    baseUrl: app.settings.apiUrl,
    socketUrl: app.settings.wsUrl,
    context,
    token: app.settings.token || undefined,
  });
  let held: StoredEvent[] = [];
  let open: { type: string; id: string } | undefined;
  let stopViews: (() => void)[] = [];

  const renderEvents = () => {
    const rows = held.map((event) => [
      h('span', { class: 'version' }, `v${event.version}`),
      h('code', {}, event.type),
      String(event.schemaVersion ?? 1),
      event.data === undefined
        ? h('span', { class: 'muted' }, '(too large for a frame: reload)')
        : jsonBlock(event.data, `v${event.version} payload`, true),
    ]);
    events.replaceChildren(
      table(
        ['Version', 'Type', 'Schema', 'Payload'],
        rows,
        'No events yet: the first one shows here as it is committed',
      ),
    );
  };

  const showViews = async (aggregateType: string, aggregateId: string) => {
    for (const stop of stopViews) stop();
    stopViews = [];
    views.replaceChildren();
    try {
      const { projections } = await app.api.get<{ projections: { name: string; sources: string[] }[] }>(
        `/v1/${context}/_admin/projections`,
      );
      for (const projection of projections.filter((candidate) => candidate.sources.includes(aggregateType))) {
        const body = h('div', { class: 'view-body' }, h('p', { class: 'muted' }, 'No view for this key yet'));
        const version = h('span', { class: 'pill' }, '—');
        views.append(
          h(
            'article',
            { class: 'card view', 'data-projection': projection.name },
            h('header', {}, h('h4', {}, projection.name), version),
            body,
          ),
        );
        stopViews.push(
          client.subscribe(projection.name, aggregateId, (view) => {
            version.textContent = `v${view.version}`;
            body.replaceChildren(jsonBlock(view.data, `${projection.name} view`));
          }),
        );
      }
    } catch (error) {
      views.replaceChildren(h('p', { class: 'notice error' }, inWords(error)));
    }
  };

  const load = async (aggregateType: string, aggregateId: string) => {
    open = { type: aggregateType, id: aggregateId };
    heading.textContent = `Events of ${aggregateType} ${aggregateId}`;
    notice(status, '');
    held = [];
    try {
      for (let from = 1; ; ) {
        const path = `/v1/${context}/aggregates/${encodeURIComponent(aggregateType)}/${encodeURIComponent(aggregateId)}/events?fromVersion=${from}`;
        const page = await app.api.get<EventsPage>(path);
        held.push(...page.events);
        if (!page.nextFromVersion || held.length >= 5000) break;
        from = page.nextFromVersion;
      }
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'AGGREGATE_NOT_FOUND')) notice(status, inWords(error), 'error');
    }
    renderEvents();
    void showViews(aggregateType, aggregateId);
  };

  const stopTail = app.tail.onEvent((event: TailEvent) => {
    if (!open || event.aggregateType !== open.type || event.aggregateId !== open.id) return;
    if (held.some((known) => known.version >= event.version)) return;
    if (event.dataOmitted || (held.at(-1)?.version ?? 0) !== event.version - 1) return void load(open.type, open.id);
    held.push({ type: event.eventType, version: event.version, schemaVersion: event.schemaVersion, data: event.data });
    renderEvents();
  });

  /** Opens a stream in this panel, the address bar following (no new panel: the command form keeps its answer). */
  const openStream = (aggregateType: string, aggregateId: string) => {
    id.value = aggregateId;
    const query = new URLSearchParams({ context, type: aggregateType, id: aggregateId });
    history.replaceState(null, '', `#/streams?${query}`);
    void load(aggregateType, aggregateId);
  };
  finder.addEventListener('submit', (event) => {
    event.preventDefault();
    openStream(type.value, id.value.trim());
  });
  void app.openApi().then((document) => {
    for (const name of aggregateTypesOf(document)) type.append(h('option', { value: name }, name));
    const wanted = params.get('type');
    if (wanted) type.value = wanted;
    if (wanted && id.value) void load(wanted, id.value);
  });

  const writer = can(app.principal, context, 'writer');
  const commands = commandForm(
    {
      api: app.api,
      context,
      allowed: writer,
      why: needs(context, 'writer'),
      aggregateId: id.value,
      openApi: app.openApi,
    },
    (answer) => {
      if (!open) openStream(type.value, answer.aggregateId);
    },
  );
  return {
    element: h(
      'section',
      { class: 'panel', 'aria-labelledby': 'streams-title' },
      h('header', { class: 'panel-head' }, h('h2', { id: 'streams-title' }, 'Streams'), finder),
      status,
      h(
        'div',
        { class: 'split' },
        h('div', { class: 'card' }, heading, events),
        h(
          'div',
          { class: 'side' },
          h('div', { class: 'card' }, h('h3', {}, 'Send a command'), commands),
          h('h3', { class: 'side-title' }, 'Views of this aggregate'),
          views,
        ),
      ),
    ),
    dispose: () => {
      stopTail();
      for (const stop of stopViews) stop();
      client.close();
    },
  };
};
