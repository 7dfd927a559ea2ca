import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '#adapters/auth/hs256Tokens';
import type { Role } from '#application/access';
import { getJson, postJson, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';
import { connectSocket } from '../support/socketClient';

const SECRET = 'auth-suite-secret-of-enough-length-0123456789';
const secret = new TextEncoder().encode(SECRET);
let runtime: RuntimeProcess;
const token = (roles: Record<string, Role>) => mintToken(secret, { subject: 'tester', roles });
const bearer = async (roles: Record<string, Role>) => ({ authorization: `Bearer ${await token(roles)}` });
const create = { type: 'CreateTodoList', aggregateId: 'secured', payload: { title: 'Secured' } };

beforeAll(async () => {
  runtime = await startRuntimeProcess({
    CAIRN_AUTH: 'on',
    CAIRN_JWT_SECRET: SECRET,
    CAIRN_CONTEXTS: 'default,shop',
    CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-auth-')),
  });
});
afterAll(async () => {
  await runtime?.stop();
});

const status = async (response: Promise<{ status: number; json: { error?: { code: string } } }>) => {
  const { status: code, json } = await response;
  return [code, json.error?.code];
};

describe('tokens and roles', () => {
  it('refuses REST calls without a valid token (401) and outside the granted context or role (403)', async () => {
    const commands = `${runtime.url}/v1/default/commands`;
    const expired = await new SignJWT({ contexts: ['default'], roles: { default: 'admin' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('late')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    const forged = await mintToken(new TextEncoder().encode('another-secret-another-secret-123'), {
      subject: 'x',
      roles: { default: 'admin' },
    });
    expect(await status(postJson(commands, create))).toEqual([401, 'UNAUTHENTICATED']);
    expect(await status(postJson(commands, create, { authorization: 'Bearer nonsense' }))).toEqual([
      401,
      'UNAUTHENTICATED',
    ]);
    expect(await status(postJson(commands, create, { authorization: `Bearer ${expired}` }))).toEqual([
      401,
      'UNAUTHENTICATED',
    ]);
    expect(await status(postJson(commands, create, { authorization: `Bearer ${forged}` }))).toEqual([
      401,
      'UNAUTHENTICATED',
    ]);
    expect(await status(postJson(commands, create, await bearer({ default: 'reader' })))).toEqual([403, 'FORBIDDEN']);
    expect(await status(postJson(commands, create, await bearer({ shop: 'admin' })))).toEqual([403, 'FORBIDDEN']);
    expect((await postJson(commands, create, await bearer({ default: 'writer' }))).status).toBe(200);

    const view = `${runtime.url}/v1/default/views/todoList/secured?minVersion=1`;
    const read = await fetch(view, { headers: await bearer({ default: 'reader' }) });
    expect(read.status).toBe(200);
    expect((await getJson(view)).status).toBe(401);
    const rebuild = `${runtime.url}/v1/default/_admin/projections/todoList/rebuild`;
    expect(await status(postJson(rebuild, {}, await bearer({ default: 'writer' })))).toEqual([403, 'FORBIDDEN']);
    expect((await getJson(`${runtime.url}/health`)).status).toBe(200);
  });

  it('challenges every 401 with WWW-Authenticate: Bearer, with invalid_token where a token was refused', async () => {
    const commands = `${runtime.url}/v1/default/commands`;
    const challenge = async (headers: Record<string, string>) => {
      const answer = await postJson(commands, create, headers);
      return [answer.status, answer.headers.get('www-authenticate')];
    };
    const expired = await new SignJWT({ contexts: ['default'], roles: { default: 'admin' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('late')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    expect(await challenge({})).toEqual([401, 'Bearer realm="cairn"']);
    expect(await challenge({ authorization: 'Basic YWRtaW46YWRtaW4=' })).toEqual([401, 'Bearer realm="cairn"']);
    const refused = [401, 'Bearer realm="cairn", error="invalid_token"'];
    expect(await challenge({ authorization: 'Bearer nonsense' })).toEqual(refused);
    expect(await challenge({ authorization: `Bearer ${expired}` })).toEqual(refused);
    expect(await challenge(await bearer({ default: 'reader' }))).toEqual([403, null]);
  });

  it('checks the token before the method, as API Gateway puts the authorizer before ANY', async () => {
    const view = `${runtime.url}/v1/default/views/todoList/secured`;
    const anonymous = await fetch(view, { method: 'DELETE' });
    expect([anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="cairn"']);
    const reader = await fetch(view, { method: 'DELETE', headers: await bearer({ default: 'reader' }) });
    expect([reader.status, reader.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
    // No authorizer in front of /health: its 405 needs no token.
    expect((await fetch(`${runtime.url}/health`, { method: 'PUT' })).status).toBe(405);
  });

  it('refuses a WebSocket without a valid token for its context, and enforces the role on frames', async () => {
    const ws = `${runtime.url.replace('http', 'ws')}/ws`;
    await expect(connectSocket(`${ws}?context=default`)).rejects.toThrow(/refused with 401/);
    await expect(connectSocket(`${ws}?context=default&token=${await token({ shop: 'admin' })}`)).rejects.toThrow(
      /refused with 403/,
    );
    const reader = await connectSocket(`${ws}?context=default&token=${await token({ default: 'reader' })}`);
    reader.send({ action: 'subscribe', projection: 'todoList', key: 'secured' });
    expect(await reader.next((frame) => frame.type === 'view')).toMatchObject({ key: 'secured', version: 1 });
    reader.send({
      action: 'command',
      requestId: 'r1',
      command: { type: 'RenameTodoList', aggregateId: 'secured', payload: { title: 'No' } },
    });
    expect(await reader.next((frame) => frame.type === 'error')).toMatchObject({ code: 'FORBIDDEN', requestId: 'r1' });
    await reader.close();
  });
  it('grants nothing in a context named after an Object.prototype property (constructor: the one such name a context can have)', async () => {
    const admin = await bearer({ _admin: 'admin' });
    for (const name of ['constructor']) {
      expect((await postJson(`${runtime.url}/v1/_admin/contexts`, { name }, admin)).status).toBe(201);
    }
    const readerOfDefault = await bearer({ default: 'reader' });
    for (const name of ['constructor']) {
      const commands = `${runtime.url}/v1/${name}/commands`;
      expect(await status(postJson(commands, create, readerOfDefault))).toEqual([403, 'FORBIDDEN']);
      const rebuild = `${runtime.url}/v1/${name}/_admin/projections/todoList/rebuild`;
      expect(await status(postJson(rebuild, {}, readerOfDefault))).toEqual([403, 'FORBIDDEN']);
      const ws = `${runtime.url.replace('http', 'ws')}/ws?context=${name}&token=${await token({ default: 'reader' })}`;
      await expect(connectSocket(ws)).rejects.toThrow(/refused with 403/);
    }
  });

  it('the rebuild path under the _admin area needs admin in _admin as well as in the context', async () => {
    const inArea = `${runtime.url}/v1/_admin/contexts/shop/projections/todoList/rebuild`;
    expect(await status(postJson(inArea, {}, await bearer({ shop: 'admin' })))).toEqual([403, 'FORBIDDEN']);
    expect(await status(postJson(inArea, {}, await bearer({ _admin: 'admin' })))).toEqual([403, 'FORBIDDEN']);
    expect((await postJson(inArea, {}, await bearer({ shop: 'admin', _admin: 'admin' }))).status).toBe(202);
    // The context's own path needs admin in the context alone.
    const own = `${runtime.url}/v1/shop/_admin/projections/user/rebuild`;
    expect((await postJson(own, {}, await bearer({ shop: 'admin' }))).status).toBe(202);
  });
});
