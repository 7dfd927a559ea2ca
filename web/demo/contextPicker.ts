/**
 * The context the page shows (`?context=`), in the top bar: a picker of the runtime's contexts when
 * the token may list them (the `_admin` area), the name alone otherwise.
 */
import { byId, h } from './dom';

/** The active contexts, from `GET /v1/_admin/contexts`; none when the token may not list them. */
export const listContexts = async (at: { baseUrl: string; token?: string }): Promise<string[]> => {
  try {
    const response = await fetch(`${at.baseUrl}/v1/_admin/contexts`, {
      headers: at.token ? { authorization: `Bearer ${at.token}` } : {},
    });
    if (!response.ok) return [];
    const body = (await response.json()) as { contexts?: { name: string; state: string }[] };
    return (body.contexts ?? []).filter((record) => record.state === 'active').map((record) => record.name);
  } catch {
    return [];
  }
};

export const showContext = (context: string, known: readonly string[]): void => {
  const slot = byId('context');
  if (known.length === 0) {
    slot.replaceChildren(h('span', {}, 'Context'), h('code', {}, context));
    return;
  }
  const names = known.includes(context) ? known : [context, ...known];
  const picker = h(
    'select',
    { id: 'context-picker' },
    ...names.map((name) =>
      h('option', { value: name, selected: name === context }, known.includes(name) ? name : `${name} (unknown)`),
    ),
  );
  picker.onchange = () => {
    location.search = `?context=${encodeURIComponent(picker.value)}`;
  };
  slot.replaceChildren(h('label', { for: 'context-picker' }, 'Context'), picker);
};
