import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '#adapters/auth/hs256Tokens';
import { type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';

/** Debian's chromium (`.ci/run` installs it); playwright-core never downloads a browser of its own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SECRET = 'cors-suite-secret-of-enough-length-0123456789';

/** A second site on another port: the single-page app's own server, with nothing of Cairn's on it. */
const servePage = async (): Promise<{ origin: string; server: Server }> => {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>another origin</title><p>an app calling Cairn</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
};

let runtime: RuntimeProcess;
let browser: Browser;
let listed: { origin: string; server: Server };
let unlisted: { origin: string; server: Server };
let token: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  [listed, unlisted] = [await servePage(), await servePage()];
  runtime = await startRuntimeProcess({
    CAIRN_AUTH: 'on',
    CAIRN_JWT_SECRET: SECRET,
    CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-cors-')),
    CAIRN_CORS_ORIGINS: `https://app.example, ${listed.origin}`,
  });
  token = await mintToken(new TextEncoder().encode(SECRET), { subject: 'spa', roles: { default: 'writer' } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  listed?.server.close();
  unlisted?.server.close();
});

interface PageAnswer {
  status: number;
  /** The response headers the page can read: safelisted ones and what Access-Control-Expose-Headers names. */
  headers: Record<string, string>;
  body: { error?: { code: string; currentVersion?: number }; version?: number; [field: string]: unknown };
}

/** `fetch` run by the page itself, so the browser applies CORS as it would to the app's own code. */
const pageFetch = (
  page: Page,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
) =>
  page.evaluate(
    async ({ url, init }): Promise<PageAnswer> => {
      const response = await fetch(url, init);
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        // A 304 has no body (null-body status): read as text so it needs no JSON.
        body: JSON.parse((await response.text()) || '{}') as PageAnswer['body'],
      };
    },
    { url, init },
  );

const openPage = async (origin: string): Promise<Page> => {
  const page = await browser.newPage();
  await page.goto(origin);
  return page;
};

describe('a browser app on another origin', () => {
  it('sends preflighted commands, reads ETag and typed errors, waits on views and receives pushes', async () => {
    const page = await openPage(listed.origin);
    const commands = `${runtime.url}/v1/default/commands`;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const create = JSON.stringify({ type: 'CreateTodoList', aggregateId: 'spa-1', payload: { title: 'From the app' } });

    // Authorization, JSON and If-Match make this a preflighted request.
    const created = await pageFetch(page, commands, {
      method: 'POST',
      headers: { ...auth, 'if-match': '"0"' },
      body: create,
    });
    expect(created.status).toBe(200);
    expect(created.headers).toMatchObject({ etag: '"1"', 'x-cairn-attempts': '1' });
    expect(created.body.version).toBe(1);

    const conflict = await pageFetch(page, commands, {
      method: 'POST',
      headers: { ...auth, 'if-match': '"0"' },
      body: create,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 1 });

    const add = (todoId: string, extra: Record<string, string> = {}) =>
      pageFetch(page, commands, {
        method: 'POST',
        headers: { ...auth, ...extra },
        body: JSON.stringify({ type: 'AddTodo', aggregateId: 'spa-1', payload: { todoId, text: todoId } }),
      });
    expect((await add('a', { 'idempotency-key': 'spa-a' })).headers.etag).toBe('"2"');
    expect((await add('a', { 'idempotency-key': 'spa-a' })).headers['idempotent-replayed']).toBe('true');
    const queued = await add('b', { prefer: 'respond-async' });
    expect(queued.status).toBe(202);
    expect(queued.headers.location).toMatch(/^\/v1\/default\/commands\//);

    const view = await pageFetch(page, `${runtime.url}/v1/default/views/todoList/spa-1?minVersion=3`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(view.status).toBe(200);
    expect(view.headers.etag).toBe('"3"');
    expect(view.body).toMatchObject({ key: 'spa-1', version: 3 });
    // If-None-Match is no safelisted header: preflighted, then the page reads the 304 and its ETag.
    const unchanged = await pageFetch(page, `${runtime.url}/v1/default/views/todoList/spa-1`, {
      headers: { authorization: `Bearer ${token}`, 'if-none-match': view.headers.etag ?? '' },
    });
    expect([unchanged.status, unchanged.headers.etag]).toEqual([304, '"3"']);

    const unauthenticated = await pageFetch(page, commands, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: create,
    });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.error?.code).toBe('UNAUTHENTICATED');
    expect(unauthenticated.headers['www-authenticate']).toBe('Bearer realm="cairn"');

    // The socket: the token as a subprotocol, a subscription, and the push of a command sent over REST.
    const pushed = await page.evaluate(
      async ({ wsUrl, commands, token }) => {
        const socket = new WebSocket(`${wsUrl}?context=default`, ['cairn', token]);
        const versions: number[] = [];
        const done = new Promise<number[]>((resolve, reject) => {
          socket.onerror = () => reject(new Error('socket error'));
          socket.onmessage = (message) => {
            const frame = JSON.parse(String(message.data)) as { type: string; version?: number };
            if (frame.type !== 'view' || frame.version === undefined) return;
            versions.push(frame.version);
            if (versions.length === 1) {
              void fetch(commands, {
                method: 'POST',
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: JSON.stringify({ type: 'AddTodo', aggregateId: 'spa-1', payload: { todoId: 'c', text: 'c' } }),
              });
            } else resolve(versions);
          };
        });
        socket.onopen = () =>
          socket.send(JSON.stringify({ action: 'subscribe', projection: 'todoList', key: 'spa-1' }));
        const seen = await done;
        socket.close();
        return { protocol: socket.protocol, seen };
      },
      { wsUrl: `${runtime.url.replace('http', 'ws')}/ws`, commands, token },
    );
    expect(pushed).toEqual({ protocol: 'cairn', seen: [3, 4] });
    await page.close();
  });

  it('is blocked by the browser from an origin not in the list', async () => {
    const page = await openPage(unlisted.origin);
    const blocked = (url: string, init: Record<string, unknown>) =>
      page.evaluate(
        async ({ url, init }) =>
          fetch(url, init).then(
            () => 'read',
            (error: Error) => error.name,
          ),
        { url, init },
      );
    const body = JSON.stringify({ type: 'CreateTodoList', aggregateId: 'spa-2', payload: { title: 'x' } });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // Stopped at the preflight (the command never runs), and a simple GET's answer is not readable.
    expect(await blocked(`${runtime.url}/v1/default/commands`, { method: 'POST', headers, body })).toBe('TypeError');
    expect(await blocked(`${runtime.url}/health`, {})).toBe('TypeError');
    const events = await fetch(`${runtime.url}/v1/default/aggregates/todoList/spa-2/events`, { headers });
    expect(events.status).toBe(404);
    await page.close();
  });
});

describe('the local gateway, as API Gateway answers', () => {
  const origin = () => ({ origin: listed.origin });

  it('answers preflights on every REST route with 204, without auth', async () => {
    const paths = [
      '/health',
      '/v1/default/commands',
      '/v1/default/commands/some-id',
      '/v1/default/aggregates/todoList/spa-1/events',
      '/v1/default/views/todoList/spa-1',
      '/v1/_admin/contexts',
      '/v1/default/_admin/projections/todoList/rebuild',
    ];
    for (const path of paths) {
      const response = await fetch(`${runtime.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          ...origin(),
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(response.status, path).toBe(204);
      expect(Object.fromEntries(response.headers)).toMatchObject({
        'access-control-allow-origin': listed.origin,
        'access-control-allow-methods': 'GET,POST,DELETE',
        'access-control-allow-headers': 'Authorization,Content-Type,If-Match,If-None-Match,Idempotency-Key,Prefer',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    const other = await fetch(`${runtime.url}/health`, {
      method: 'OPTIONS',
      headers: { origin: unlisted.origin, 'access-control-request-method': 'GET' },
    });
    expect(other.status).toBe(204);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("puts them on the gateway's own answers too (413 past the body limit)", async () => {
    const response = await fetch(`${runtime.url}/v1/default/commands`, {
      method: 'POST',
      headers: { ...origin(), authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: 'x'.repeat(300 * 1024),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('access-control-allow-origin')).toBe(listed.origin);
    expect(response.headers.get('access-control-expose-headers')).toContain('ETag');
    expect(((await response.json()) as PageAnswer['body']).error?.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
