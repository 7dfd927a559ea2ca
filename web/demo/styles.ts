/**
 * The demo's stylesheet, bundled into its script: the runtime serves the page and one script, no
 * other file. index.html keeps the page hidden until these rules arrive (they reveal it).
 */
import base from './base.css' with { type: 'text' };
import lists from './lists.css' with { type: 'text' };
import page from './page.css' with { type: 'text' };
import status from './status.css' with { type: 'text' };
import todos from './todos.css' with { type: 'text' };

export const addStyles = (): void => {
  const style = document.createElement('style');
  style.textContent = [base, page, status, lists, todos].join('\n');
  document.head.append(style);
};
