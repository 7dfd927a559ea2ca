/**
 * The HTTP conventions clients expect, over the local runtime: conditional reads (`If-None-Match`
 * → 304 with the ETag and no body; `*`, lists and weak tags), HEAD wherever GET is (the GET's
 * status and headers, no body), and 405 with `Allow` listing the route's methods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { getJson, postJson } from '../support/localRuntimeProcess';
import { sendRaw, statusOfRaw } from '../support/rawHttp';

let runtime: LocalRuntime;
const view = () => `${runtime.url}/v1/default/views/todoList/cond-1`;
const events = () => `${runtime.url}/v1/default/aggregates/todoList/cond-1/events`;
const command = (type: string, payload: unknown) =>
  postJson(`${runtime.url}/v1/default/commands`, { type, aggregateId: 'cond-1', payload });

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, log: () => {} });
  expect((await command('CreateTodoList', { title: 'Conditional' })).status).toBe(200);
  expect((await getJson(`${view()}?minVersion=1`)).status).toBe(200);
});
afterAll(() => runtime.close());

const conditional = async (url: string, ifNoneMatch: string, method = 'GET') => {
  const response = await fetch(url, { method, headers: { 'if-none-match': ifNoneMatch } });
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    headers: response.headers,
    body: await response.text(),
  };
};

describe('conditional reads', () => {
  it('answers a view 304 with its ETag and no body while the tag is current, 200 once it is stale', async () => {
    for (const field of ['"1"', 'W/"1"', '"0", "1"', '*']) {
      const answer = await conditional(view(), field);
      expect([field, answer.status, answer.etag, answer.body]).toEqual([field, 304, '"1"', '']);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*'); // readable cross-origin
      expect(answer.headers.get('content-type')).toBeNull();
    }
    expect((await command('AddTodo', { todoId: 't1', text: 'x' })).status).toBe(200);
    expect((await getJson(`${view()}?minVersion=2`)).status).toBe(200);
    const stale = await conditional(view(), '"1"');
    expect([stale.status, stale.etag, JSON.parse(stale.body).version]).toEqual([200, '"2"', 2]);
    expect((await conditional(view(), 'W/"2"')).status).toBe(304);
  });

  it('answers in full for a malformed field, and refusals whatever the field says', async () => {
    expect((await conditional(view(), '2')).status).toBe(200); // unquoted: no entity tag
    expect((await conditional(`${runtime.url}/v1/default/views/todoList/none`, '*')).status).toBe(404);
  });

  it("tags an aggregate's events with its version, exact for each page", async () => {
    const all = await conditional(events(), '"1"');
    expect([all.status, all.etag]).toEqual([200, `"${JSON.parse(all.body).version}"`]);
    expect((await conditional(events(), all.etag ?? '')).status).toBe(304);
    expect((await conditional(`${events()}?limit=1`, all.etag ?? '')).status).toBe(304);
  });

  it('tags a page of views and a command status by their content: 304 until they change', async () => {
    const list = `${runtime.url}/v1/default/views/todoList?prefix=cond-`;
    const page = await conditional(list, '"none"');
    expect(page.status).toBe(200);
    expect((await conditional(list, page.etag ?? '')).status).toBe(304);
    expect((await command('AddTodo', { todoId: 't2', text: 'y' })).status).toBe(200);
    const listed = await getJson(`${list}&member=cond-1&minVersion=3`);
    expect([listed.status, listed.headers.get('etag')]).toEqual([200, expect.not.stringMatching(page.etag ?? '')]);

    const sent = await postJson(
      `${runtime.url}/v1/default/commands`,
      { type: 'RenameTodoList', aggregateId: 'cond-1', payload: { title: 'Renamed' } },
      { prefer: 'respond-async, wait=5' },
    );
    const status = `${runtime.url}${sent.headers.get('location')}`;
    const first = await conditional(status, '"none"');
    expect([first.status, JSON.parse(first.body).status]).toEqual([200, 'succeeded']);
    expect((await conditional(status, first.etag ?? '')).status).toBe(304);
  });
});

describe('HEAD', () => {
  it("answers views, events and /health with the GET's status and headers and no body", async () => {
    for (const url of [view(), events(), `${runtime.url}/health`]) {
      const get = await fetch(url);
      const head = await fetch(url, { method: 'HEAD' });
      expect([url, head.status, await head.text()]).toEqual([url, get.status, '']);
      for (const name of ['etag', 'content-type', 'cache-control']) {
        expect(head.headers.get(name), `${name} of ${url}`).toBe(get.headers.get(name));
      }
    }
    const missing = await fetch(`${runtime.url}/v1/default/views/todoList/none`, { method: 'HEAD' });
    expect([missing.status, await missing.text()]).toEqual([404, '']);
  });

  it('sends no content and no Content-Length that would claim the GET’s (RFC 9110 §8.6), conditional included', async () => {
    const port = Number(new URL(runtime.url).port);
    const path = '/v1/default/views/todoList/cond-1';
    const head = await sendRaw(port, `HEAD ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(statusOfRaw(head)).toBe(200);
    expect(head).not.toMatch(/content-length/i);
    expect(head.endsWith('\r\n\r\n')).toBe(true);
    const notModified = await sendRaw(
      port,
      `GET ${path} HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOfRaw(notModified)).toBe(304);
    expect(notModified).not.toMatch(/content-length/i);
  });
});

describe('405 Method Not Allowed', () => {
  it("lists the route's methods in Allow, from the route table: HEAD beside GET, OPTIONS for the preflight", async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/v1/default/views/todoList/cond-1', 'GET, HEAD, OPTIONS'],
      ['POST', '/v1/default/views/todoList', 'GET, HEAD, OPTIONS'],
      ['PUT', '/v1/default/commands', 'POST, OPTIONS'],
      ['PATCH', '/v1/_admin/contexts', 'GET, HEAD, POST, OPTIONS'],
      ['GET', '/v1/_admin/contexts/shop', 'DELETE, OPTIONS'],
      ['DELETE', '/health', 'GET, HEAD, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const response = await fetch(`${runtime.url}${path}`, { method });
      const body = (await response.json()) as { error: { code: string; allowed: string[] } };
      expect([method, path, response.status, response.headers.get('allow'), body.error.code]).toEqual([
        method,
        path,
        405,
        allow,
        'METHOD_NOT_ALLOWED',
      ]);
      expect(body.error.allowed.join(', ')).toBe(allow);
    }
  });

  it('answers CONNECT 405 with Allow too', async () => {
    const answer = await sendRaw(Number(new URL(runtime.url).port), 'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(statusOfRaw(answer)).toBe(405);
    expect(answer).toMatch(/\r\nallow: GET, HEAD, OPTIONS, POST, DELETE\r\n/i);
  });
});
