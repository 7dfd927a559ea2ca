/** A few helpers to build the console's DOM without a framework: elements, tables, JSON, times. */

type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

/** An element with attributes (`on…` ones as listeners, `true` as a bare attribute) and children. */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
};

/** A table with a header row; each row a list of cells. An empty body shows `empty` instead. */
export const table = (
  headers: readonly string[],
  rows: readonly Child[][],
  empty = 'Nothing here yet',
): HTMLElement => {
  const head = h('tr', {}, ...headers.map((title) => h('th', { scope: 'col' }, title)));
  const body = rows.length
    ? rows.map((cells) =>
        h('tr', {}, ...cells.map((cell, index) => h('td', { 'data-label': headers[index] ?? '' }, cell))),
      )
    : [h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, empty))];
  return h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, head), h('tbody', {}, ...body)));
};

/** JSON in a scrollable block: pretty-printed, or on as few lines as it wraps to (`compact`). */
export const jsonBlock = (value: unknown, label = 'JSON', compact = false): HTMLElement =>
  h(
    'pre',
    { class: compact ? 'json compact' : 'json', 'aria-label': label },
    (compact ? JSON.stringify(value) : JSON.stringify(value, null, 2)) ?? 'undefined',
  );

/** `1 view`, `2 views`. */
export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** A disclosure that shows JSON when opened. */
export const jsonDetails = (summary: string, value: unknown): HTMLElement =>
  h('details', { class: 'json-details' }, h('summary', {}, summary), jsonBlock(value, summary));

/** "3 s ago", "in 2 min": how far a time is from now. */
export const relativeTime = (iso: string | undefined, now = Date.now()): string => {
  if (!iso) return '';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const size = Math.abs(seconds);
  if (size < 5) return 'just now';
  const [amount, unit] =
    size < 60
      ? [size, 's']
      : size < 3600
        ? [Math.round(size / 60), 'min']
        : size < 86_400
          ? [Math.round(size / 3600), 'h']
          : [Math.round(size / 86_400), 'd'];
  return seconds < 0 ? `${amount} ${unit} ago` : `in ${amount} ${unit}`;
};

/** A `<time>` showing the relative time, the exact one on hover. */
export const timeCell = (iso: string | undefined): HTMLElement =>
  h('time', { datetime: iso ?? '', title: iso ?? '' }, relativeTime(iso));

/** A status message in a panel: `kind` error, ok or info; empty text hides it. */
export const notice = (target: HTMLElement, text: string, kind: 'error' | 'ok' | 'info' = 'info'): void => {
  target.textContent = text;
  target.className = `notice ${kind}`;
  target.hidden = text === '';
};

/** Enables a button, or disables it with `why` as its title (kept so while an action runs and after). */
export const setAllowed = (button: HTMLButtonElement, allowed: boolean, why = 'Your token cannot do this'): void => {
  button.dataset.locked = String(!allowed);
  button.disabled = !allowed;
  if (allowed) button.removeAttribute('title');
  else button.title = why;
};

/** A button that runs `action`, disabled (with `why` as its title) when `allowed` is false, and while it runs. */
export const actionButton = (
  label: string,
  action: () => Promise<void>,
  options: { allowed?: boolean; why?: string; kind?: 'primary' | 'danger' | 'plain' } = {},
): HTMLButtonElement => {
  const button = h('button', { type: 'button', class: `btn ${options.kind ?? 'plain'}` }, label);
  setAllowed(button, options.allowed !== false, options.why);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = button.dataset.locked === 'true';
    }
  });
  return button;
};

/** A meter: `value` of `max`, with its text. */
export const meter = (value: number, max: number, text: string): HTMLElement => {
  const share = max > 0 ? Math.min(1, value / max) : 1;
  return h(
    'div',
    {
      class: share >= 1 ? 'meter full' : 'meter',
      role: 'progressbar',
      'aria-valuemin': 0,
      'aria-valuemax': max,
      'aria-valuenow': value,
      'aria-label': text,
    },
    h('span', { class: 'meter-bar', style: `width:${(share * 100).toFixed(1)}%` }),
    h('span', { class: 'meter-text' }, text),
  );
};
