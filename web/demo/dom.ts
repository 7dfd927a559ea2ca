/** The few DOM helpers the demo needs: find an element, build one, keep a keyed list in step, highlight. */

/** An element of index.html; a missing one is a bug in the page, so it throws at start. */
export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
};

/** `tag` with these attributes (false or undefined: left out) and children. */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
};

/** Highlights an element once (again, if it is still highlighted from the last change). */
export const flash = (element: Element): void => {
  element.classList.remove('flash');
  // Reading layout here restarts the animation when the class comes back.
  void (element as HTMLElement).offsetWidth;
  element.classList.add('flash');
  // Gone once played, so that the class marks a recent change only.
  element.addEventListener('animationend', () => element.classList.remove('flash'), { once: true });
};

/** How long a removed item takes to fade out (todos.css `.leaving`). */
const LEAVING_MS = 300;

/**
 * Keeps `parent`'s children one per item, in the items' order, each reused by its key (so focus
 * and a running highlight survive a re-render); an item gone fades out, then leaves.
 */
export const syncKeyed = <T>(
  parent: HTMLElement,
  items: readonly T[],
  keyOf: (item: T) => string,
  render: (item: T, existing: HTMLElement | undefined) => HTMLElement,
): void => {
  const existing = new Map<string, HTMLElement>();
  for (const child of parent.children) {
    const key = (child as HTMLElement).dataset.key;
    if (key !== undefined) existing.set(key, child as HTMLElement);
  }
  let cursor: Element | null = parent.firstElementChild;
  const skipLeaving = () => {
    while (cursor?.classList.contains('leaving')) cursor = cursor.nextElementSibling;
  };
  for (const item of items) {
    const key = keyOf(item);
    const element = render(item, existing.get(key));
    element.dataset.key = key;
    existing.delete(key);
    skipLeaving();
    if (element === cursor) cursor = cursor.nextElementSibling;
    else parent.insertBefore(element, cursor);
  }
  for (const gone of existing.values()) {
    delete gone.dataset.key;
    gone.classList.add('leaving');
    gone.setAttribute('aria-hidden', 'true');
    setTimeout(() => gone.remove(), LEAVING_MS);
  }
};
