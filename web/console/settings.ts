/**
 * Where the console's API is and the token it sends. Served by the local runtime, the page's origin
 * and its dev token (a meta tag, loopback only); deployed as a static site, `config.json` beside
 * the page names the stack's URLs; either way what the operator saves in Settings wins (kept in
 * this browser's localStorage).
 */

import type { Settings } from './api';
import { h } from './dom';

const STORAGE = 'cairn-console-settings';

const pageToken = (): string => document.querySelector<HTMLMetaElement>('meta[name="cairn-token"]')?.content ?? '';

const defaults = async (): Promise<Settings> => {
  const origin = location.origin;
  const fallback = { apiUrl: origin, wsUrl: `${origin.replace(/^http/, 'ws')}/ws`, token: pageToken() };
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) return fallback;
    const config = (await response.json()) as Partial<Settings>;
    return {
      apiUrl: typeof config.apiUrl === 'string' ? config.apiUrl : fallback.apiUrl,
      wsUrl: typeof config.wsUrl === 'string' ? config.wsUrl : fallback.wsUrl,
      token: fallback.token,
    };
  } catch {
    return fallback;
  }
};

const saved = (): Partial<Settings> => {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE) ?? '{}') as Record<string, unknown>;
    const text = (name: string) =>
      typeof value[name] === 'string' && value[name] !== '' ? (value[name] as string) : undefined;
    return { apiUrl: text('apiUrl'), wsUrl: text('wsUrl'), token: text('token') };
  } catch {
    return {};
  }
};

export const loadSettings = async (): Promise<Settings> => {
  const base = await defaults();
  const own = saved();
  return { apiUrl: own.apiUrl ?? base.apiUrl, wsUrl: own.wsUrl ?? base.wsUrl, token: own.token ?? base.token };
};

const field = (label: string, input: HTMLInputElement | HTMLTextAreaElement, hint: string) =>
  h('label', { class: 'field' }, h('span', {}, label), input, h('small', {}, hint));

/** The settings dialog: API URL, WebSocket URL and token; `onSave` gets what was saved. */
export const settingsDialog = (current: Settings, onSave: (settings: Settings) => void): HTMLDialogElement => {
  const apiUrl = h('input', {
    type: 'url',
    name: 'apiUrl',
    value: current.apiUrl,
    required: true,
    autocomplete: 'off',
  });
  const wsUrl = h('input', { type: 'url', name: 'wsUrl', value: current.wsUrl, required: true, autocomplete: 'off' });
  const token = h('textarea', { name: 'token', rows: 4, spellcheck: 'false', autocomplete: 'off' });
  token.value = current.token;
  const form = h(
    'form',
    { method: 'dialog', class: 'settings' },
    h('h2', {}, 'Settings'),
    field('API URL', apiUrl, 'The REST API: this runtime, or the stack output RestApiUrl'),
    field('WebSocket URL', wsUrl, 'The runtime’s /ws, or the stack output WebSocketUrl'),
    field('Token', token, 'A bearer token (npx cairn token, or your identity provider’s)'),
    h(
      'div',
      { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'btn plain', value: 'cancel', onclick: () => dialog.close() }, 'Cancel'),
      h('button', { type: 'submit', class: 'btn primary', value: 'save' }, 'Save'),
    ),
  );
  const dialog = h('dialog', { class: 'dialog', 'aria-label': 'Settings' }, form);
  form.addEventListener('submit', () => {
    const settings = { apiUrl: apiUrl.value.trim(), wsUrl: wsUrl.value.trim(), token: token.value.trim() };
    localStorage.setItem(STORAGE, JSON.stringify(settings));
    onSave(settings);
  });
  return dialog;
};
