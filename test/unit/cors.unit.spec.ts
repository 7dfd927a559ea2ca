import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { fixedContexts } from '#application/contextGates';
import { createCommandApi } from '#handlers/commandApi';
import { createContextAdminApi } from '#handlers/contextAdminApi';
import { createQueryApi } from '#handlers/queryApi';
import { CORS_POLICY, corsHeaders, parseCorsOrigins, preflightHeaders, withCors } from '#http/cors';
import { corsOriginsFromEnv } from '#runtime/env';
import { apiEvent, post } from '../support/apiEvents';
import { inMemoryService } from '../support/commandFixtures';
import { testDomain } from '../support/testDomain';

const APP = 'https://app.example';
const DEV = 'http://localhost:5173';
const listed = parseCorsOrigins(`${APP}, ${DEV}`);
const EXPOSED = 'ETag, Location, Idempotent-Replayed, X-Cairn-Attempts, Preference-Applied, Allow, WWW-Authenticate';

/** The REST handlers as the Lambda entries and the local runtime compose them: wrapped by withCors. */
const handlers = (origins = listed) => {
  const { service, store } = inMemoryService();
  let ids = 0;
  const commands = createCommandApi({
    service,
    eventStore: store,
    ledger: store,
    registry: testDomain.aggregates,
    contexts: fixedContexts(new Set(['default'])),
    newId: () => `generated-${++ids}`,
    now: () => new Date('2026-11-22T10:00:00.000Z'),
    log: () => {},
  });
  const views = createQueryApi({
    projections: testDomain.projections,
    views: new EmbeddedReadModelStore({}),
    log: () => {},
  });
  const contextAdmin = createContextAdminApi({ catalog: undefined, now: () => new Date(), log: () => {} });
  return {
    commands: withCors(origins, commands),
    views: withCors(origins, views),
    admin: withCors(origins, contextAdmin),
  };
};
const create = { type: 'OpenLedger', aggregateId: 'ledger-1', payload: { title: 'Groceries' } };

describe('CORS origins configuration', () => {
  it('reads * or a comma-separated list of origins, normalised as browsers send Origin', () => {
    expect(parseCorsOrigins('*')).toBe('*');
    expect(parseCorsOrigins(' * ')).toBe('*');
    expect(parseCorsOrigins('https://App.Example:443/, http://localhost:5173')).toEqual(new Set([APP, DEV]));
    expect(corsOriginsFromEnv({})).toBe('*');
    expect(corsOriginsFromEnv({ CAIRN_CORS_ORIGINS: '' })).toBe('*');
    expect(corsOriginsFromEnv({ CAIRN_CORS_ORIGINS: `${APP},${DEV}` })).toEqual(new Set([APP, DEV]));
  });

  it('refuses at start what could never match a browser Origin', () => {
    for (const bad of ['app.example', 'https://app.example/path', 'ftp://app.example', 'null', ',', '*,https://a.b']) {
      expect(() => parseCorsOrigins(bad), bad).toThrow();
    }
  });
});

describe('CORS headers', () => {
  it('with *: any origin, the exposed headers, no Vary', () => {
    expect(corsHeaders('*', APP)).toEqual({
      'access-control-allow-origin': '*',
      'access-control-expose-headers': EXPOSED,
    });
    expect(corsHeaders('*', undefined)['access-control-allow-origin']).toBe('*');
  });

  it('with a list: the listed Origin echoed with Vary: Origin; an unlisted or missing one gets Vary only', () => {
    expect(corsHeaders(listed, DEV)).toEqual({
      'access-control-allow-origin': DEV,
      vary: 'Origin',
      'access-control-expose-headers': EXPOSED,
    });
    expect(corsHeaders(listed, 'https://evil.example')).toEqual({ vary: 'Origin' });
    expect(corsHeaders(listed, undefined)).toEqual({ vary: 'Origin' });
    // Own entries only: names that an object would inherit are not origins.
    for (const inherited of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(corsHeaders(listed, inherited)).toEqual({ vary: 'Origin' });
    }
    expect(corsHeaders(listed, `${APP}/`)).toEqual({ vary: 'Origin' }); // exact match, as browsers compare
  });

  it('answers a preflight with the methods and headers the API takes, Authorization included, and a max age', () => {
    expect(preflightHeaders(listed, APP)).toEqual({
      'access-control-allow-origin': APP,
      vary: 'Origin',
      'access-control-allow-methods': 'GET,POST,DELETE',
      'access-control-allow-headers': 'Authorization,Content-Type,If-Match,If-None-Match,Idempotency-Key,Prefer',
      'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
    });
    expect(preflightHeaders(listed, 'https://evil.example')['access-control-allow-origin']).toBeUndefined();
  });
});

describe('withCors on the REST handlers', () => {
  const origin = (value: string) => ({ Origin: value });

  it('puts them on successes and on every kind of error answer', async () => {
    const { commands, views, admin } = handlers();
    const answers: APIGatewayProxyResult[] = [
      await commands(post('/v1/default/commands', create, origin(DEV))), // 200
      await commands(post('/v1/default/commands', create, { ...origin(DEV), 'If-Match': '"0"' })), // 409
      await commands(post('/v1/default/commands', '{not json', origin(DEV))), // 400
      await commands(apiEvent('GET', '/v1/nowhere/commands/x', { headers: origin(DEV) })), // 404 context
      await commands(apiEvent('DELETE', '/v1/default/commands', { headers: origin(DEV) })), // 405
      await commands(apiEvent('GET', '/nothing', { headers: origin(DEV) })), // 404 route
      await views(apiEvent('GET', '/v1/default/views/ledger/none', { headers: origin(DEV) })), // 404 view
      await admin(apiEvent('POST', '/v1/_admin/contexts', { body: '{"name":"x"}', headers: origin(DEV) })), // 409
    ];
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 409, 400, 404, 405, 404, 404, 409]);
    for (const answer of answers) {
      expect(answer.headers).toMatchObject({
        'access-control-allow-origin': DEV,
        vary: 'Origin',
        'access-control-expose-headers': EXPOSED,
        'content-type': 'application/json; charset=utf-8',
      });
    }
    const refused = await commands(post('/v1/default/commands', create, origin('https://evil.example')));
    expect(refused.headers?.['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers?.vary).toBe('Origin');
  });

  it('exposes every header the handlers set that a page could not read otherwise', async () => {
    const { commands } = handlers('*');
    const headers = { 'Idempotency-Key': 'k1', Origin: APP };
    await commands(post('/v1/default/commands', create, headers));
    const replayed = await commands(post('/v1/default/commands', create, headers));
    const accepted = await commands(
      post('/v1/default/commands', { ...create, aggregateId: 'l2' }, { Prefer: 'respond-async' }),
    );
    // CORS-safelisted response headers need no exposing; the CORS headers are not read by pages.
    const readable = new Set(['content-type', 'cache-control', 'content-length', 'expires', 'last-modified', 'pragma']);
    const exposed = new Set(CORS_POLICY.exposeHeaders.map((name) => name.toLowerCase()));
    const refused = await commands(apiEvent('DELETE', '/v1/default/commands', { headers: { Origin: APP } }));
    const set = [replayed, accepted, refused].flatMap((answer) => Object.keys(answer.headers ?? {}));
    const needed = set.filter((name) => !readable.has(name) && !name.startsWith('access-control-') && name !== 'vary');
    expect(new Set(needed)).toEqual(new Set(['etag', 'x-cairn-attempts', 'idempotent-replayed', 'location', 'allow']));
    for (const name of needed) expect(exposed).toContain(name);
  });
});
