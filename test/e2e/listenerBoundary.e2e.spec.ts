/**
 * No request, however malformed, ends the runtime or reaches what only the runtime may reach:
 * every listener (HTTP request, CONNECT, upgrade) answers in Cairn's error shape and keeps
 * serving; the management API (`/@connections/{id}`) is not on the public port; the admin dev
 * token is put in the demo page only on loopback, or when the user opts in.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { getJson, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';
import { sendRaw, statusOfRaw } from '../support/rawHttp';
import { connectSocket } from '../support/socketClient';

const errorOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error;

describe('the local runtime (npm start) against requests that used to stop it', () => {
  let runtime: RuntimeProcess;
  beforeAll(async () => {
    runtime = await startRuntimeProcess({ CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-boundary-')) });
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it.each([
    ['a bad escape where the management API was', 'GET /@connections/% HTTP/1.1'],
    ['a target that is no URL relative to its host', 'GET //[x HTTP/1.1'],
    ['a bracket under /v1', 'POST //[x/v1/default/commands HTTP/1.1'],
    ['an absolute-form target', 'GET http://[::1 HTTP/1.1'],
    ['a CONNECT', 'CONNECT 127.0.0.1:22 HTTP/1.1'],
    ['an upgrade to a target that is no URL', 'GET //[x HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade'],
    [
      'an upgrade with a bad escape in its query',
      'GET /ws?context=% HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ],
  ])('answers %s with a typed 4xx and keeps serving', async (_what, requestLine) => {
    const port = Number(new URL(runtime.url).port);
    const answer = await sendRaw(port, `${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    const status = statusOfRaw(answer);
    expect(status, answer).toBeGreaterThanOrEqual(400);
    expect(status, answer).toBeLessThan(500);
    expect(errorOf(answer)).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect((await getJson(`${runtime.url}/health`)).status).toBe(200);
  });
});

describe('the management API', () => {
  let runtime: LocalRuntime;
  const registry = new EmbeddedConnectionRegistry();
  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, registry, log: () => {} });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('is not served on the public port, and needs the runtime’s key on its own loopback port', async () => {
    const client = await connectSocket(`${runtime.wsUrl}?context=default`);
    client.send({ action: 'subscribe', projection: 'todoList', key: 'mgmt' });
    await client.next((frame) => frame.type === 'subscribed');
    const [subscriber] = await registry.subscribers('default', 'todoList', 'mgmt');
    const id = encodeURIComponent(subscriber?.connectionId ?? '');
    const forged = JSON.stringify({ type: 'view', projection: 'todoList', key: 'mgmt', version: 99, data: {} });

    // On the public port the path is just another REST path: nothing reaches the socket.
    const publicPost = await fetch(`${runtime.url}/@connections/${id}`, { method: 'POST', body: forged });
    expect(publicPost.status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${runtime.url}/@connections/${id}`)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${runtime.url}/@connections/${id}`, { method: 'DELETE' })).status).toBeGreaterThanOrEqual(400);

    // Its own port listens on loopback only, and refuses requests without the per-process key.
    expect(new URL(runtime.managementEndpoint).hostname).toBe('127.0.0.1');
    expect(new URL(runtime.managementEndpoint).port).not.toBe(String(runtime.port));
    const unkeyed = await fetch(`${runtime.managementEndpoint}/@connections/${id}`, { method: 'POST', body: forged });
    expect(unkeyed.status).toBe(403);
    expect((await fetch(`${runtime.managementEndpoint}/@connections/${id}`)).status).toBe(403);

    // The socket is still open and got none of it: its next answer is the pong.
    client.send({ action: 'ping' });
    expect(await client.next(() => true)).toEqual({ type: 'pong' });
    await client.close();
  });
});

describe('the demo page’s dev token', () => {
  const pageOf = async (env: Record<string, string>) => {
    const runtime = await startRuntimeProcess({
      CAIRN_AUTH: 'on',
      CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-devtoken-')),
      ...env,
    });
    try {
      const page = await (await fetch(`http://127.0.0.1:${new URL(runtime.url).port}/`)).text();
      return { page, output: runtime.output() };
    } finally {
      await runtime.stop();
    }
  };

  it('is in the page on loopback', async () => {
    expect((await pageOf({})).page).toMatch(/<meta name="cairn-token" content="ey/);
  });

  it('is not in the page when the runtime listens on the network, unless the user opts in', async () => {
    const open = await pageOf({ HOST: '0.0.0.0' });
    expect(open.page).not.toContain('cairn-token" content');
    expect(open.output).toMatch(/no dev token in the page: HOST is not loopback/);
    expect(open.output).toMatch(/reachable from the network/);
    const optedIn = await pageOf({ HOST: '0.0.0.0', CAIRN_EMBED_DEV_TOKEN: '1' });
    expect(optedIn.page).toMatch(/<meta name="cairn-token" content="ey/);
  });
});
