/** Sends a command to the context: its type (from the API's description), aggregate id and payload. */
import { type Api, inWords } from './api';
import { type CommandType, commandTypesOf, type OpenApiDocument } from './app';
import { h, notice } from './dom';

interface CommandAnswer {
  aggregateId: string;
  version: number;
  events: { type: string; version: number }[];
}

export const commandForm = (
  options: {
    api: Api;
    context: string;
    allowed: boolean;
    why: string;
    aggregateId: string;
    openApi: () => Promise<OpenApiDocument | undefined>;
  },
  onSent: (answer: CommandAnswer) => void,
): HTMLElement => {
  const type = h('select', { name: 'type', 'aria-label': 'Command type' });
  const id = h('input', {
    type: 'text',
    name: 'aggregateId',
    value: options.aggregateId,
    required: true,
    'aria-label': 'Aggregate id',
    placeholder: 'aggregate id',
  });
  const payload = h('textarea', { name: 'payload', rows: 4, spellcheck: 'false', 'aria-label': 'Payload (JSON)' });
  const send = h('button', { type: 'submit', class: 'btn primary' }, 'Send command');
  const status = h('p', { class: 'notice', hidden: true, role: 'status' });
  const types = new Map<string, CommandType>();
  for (const control of [type, id, payload, send]) {
    control.disabled = !options.allowed;
    if (!options.allowed) control.title = options.why;
  }

  void options.openApi().then((document) => {
    for (const command of commandTypesOf(document)) {
      types.set(command.type, command);
      type.append(h('option', { value: command.type }, command.type));
    }
    payload.value = JSON.stringify(types.get(type.value)?.example ?? {}, null, 2);
  });
  type.addEventListener('change', () => {
    payload.value = JSON.stringify(types.get(type.value)?.example ?? {}, null, 2);
  });

  const form = h(
    'form',
    { class: 'command-form', 'aria-label': 'Send a command' },
    h('div', { class: 'row' }, type, id),
    payload,
    h('div', { class: 'row end' }, send),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let body: unknown;
    try {
      body = payload.value.trim() ? JSON.parse(payload.value) : {};
    } catch (error) {
      notice(status, `The payload is not JSON: ${(error as Error).message}`, 'error');
      return;
    }
    send.disabled = true;
    try {
      const command = { type: type.value, aggregateId: id.value.trim(), payload: body };
      const answer = await options.api.post<CommandAnswer>(
        `/v1/${encodeURIComponent(options.context)}/commands`,
        command,
      );
      const events = answer.events.map((event) => `${event.type} v${event.version}`).join(', ') || 'no events';
      notice(status, `${command.type} on ${answer.aggregateId}: ${events}`, 'ok');
      onSent(answer);
    } catch (error) {
      notice(status, inWords(error), 'error');
    } finally {
      send.disabled = false;
    }
  });
  return form;
};
