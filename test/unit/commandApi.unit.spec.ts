import { describe, expect, it } from 'vitest';
import { fixedContexts } from '#application/contextGates';
import { createCommandApi } from '#handlers/commandApi';
import { apiEvent, post } from '../support/apiEvents';
import { inMemoryService } from '../support/commandFixtures';
import { testDomain } from '../support/testDomain';

const setup = () => {
  const { service, store, queue } = inMemoryService();
  let ids = 0;
  const api = createCommandApi({
    service,
    eventStore: store,
    ledger: store,
    registry: testDomain.aggregates,
    contexts: fixedContexts(new Set(['default', 'shop'])),
    newId: () => `generated-${++ids}`,
    now: () => new Date('2026-11-22T10:00:00.000Z'),
    log: () => {},
  });
  const call = async (event: Parameters<typeof api>[0]) => {
    const response = await api(event);
    return { ...response, json: JSON.parse(response.body) };
  };
  return { call, store, queue };
};

const create = { type: 'OpenLedger', aggregateId: 'ledger-1', payload: { title: 'Groceries' } };

describe('REST command API', () => {
  it('answers 200 with the outcome and an ETag of the new version', async () => {
    const { call } = setup();
    const response = await call(post('/v1/default/commands', create));
    expect(response.statusCode).toBe(200);
    expect(response.headers?.etag).toBe('"1"');
    expect(response.json).toMatchObject({ commandId: 'generated-1', aggregateId: 'ledger-1', version: 1 });
    expect(response.json.events).toEqual([
      {
        type: 'LedgerOpened',
        version: 1,
        schemaVersion: 1,
        data: { title: 'Groceries', openedAt: '2026-11-22T10:00:00.000Z' },
      },
    ]);
  });

  it('uses If-Match as the expected version: 0 means must not exist yet', async () => {
    const { call } = setup();
    expect((await call(post('/v1/default/commands', create, { 'If-Match': '"0"' }))).statusCode).toBe(200);
    const again = await call(post('/v1/default/commands', create, { 'If-Match': '"0"' }));
    expect(again.statusCode).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 1 });
  });

  it('replays the stored answer for a repeated Idempotency-Key', async () => {
    const { call, store } = setup();
    const first = await call(post('/v1/default/commands', create, { 'Idempotency-Key': 'abc' }));
    const second = await call(post('/v1/default/commands', create, { 'Idempotency-Key': 'abc' }));
    expect(second.json).toEqual(first.json);
    expect(second.headers?.['idempotent-replayed']).toBe('true');
    expect(await store.currentVersion('default#ledger#ledger-1')).toBe(1);
  });

  it('accepts an async command with 202 and a Location for its status', async () => {
    const { call, queue } = setup();
    const response = await call(
      post('/v1/default/commands', create, { Prefer: 'respond-async', 'Idempotency-Key': 'a1' }),
    );
    expect(response.statusCode).toBe(202);
    expect(response.json).toEqual({ commandId: 'a1', status: 'accepted' });
    expect(response.headers?.location).toBe('/v1/default/commands/a1');
    expect(queue.depth).toBe(1);
    const status = await call(apiEvent('GET', '/v1/default/commands/a1'));
    expect(status.json).toEqual({ commandId: 'a1', status: 'accepted' });
  });

  it('waits for a queued command with Prefer: respond-async, wait=N, and answers 202 when the wait runs out', async () => {
    const { call, queue, store } = setup();
    const prefer = { Prefer: 'respond-async, wait=1', 'Idempotency-Key': 'w1' };
    const pending = call(post('/v1/default/commands', create, prefer));
    // The worker's part: complete the record while the request waits.
    setTimeout(() => {
      const result = { commandId: 'w1', aggregateId: 'ledger-1', version: 1, events: [] };
      void store
        .get('default', 'w1')
        .then((record) => record && store.succeed({ ...record, status: 'succeeded', result }));
    }, 30);
    const answered = await pending;
    expect(answered.statusCode).toBe(200);
    expect(answered.json).toMatchObject({ commandId: 'w1', version: 1 });
    expect(answered.headers?.['preference-applied']).toBe('respond-async, wait=1');
    expect(queue.depth).toBe(1);
    const timedOut = await call(post('/v1/default/commands', create, { ...prefer, 'Idempotency-Key': 'w2' }));
    expect(timedOut.statusCode).toBe(202);
    expect(timedOut.json).toEqual({ commandId: 'w2', status: 'accepted' });
    // A wait that is not a number is ignored, as RFC 7240 asks: plain respond-async.
    const malformed = await call(
      post('/v1/default/commands', create, { Prefer: 'respond-async, wait=soon', 'Idempotency-Key': 'w3' }),
    );
    expect(malformed.statusCode).toBe(202);
    expect(malformed.headers?.['preference-applied']).toBeUndefined();
  });

  it('serves the stored history from a version, 404 when there is none', async () => {
    const { call } = setup();
    await call(post('/v1/default/commands', create));
    await call(
      post('/v1/default/commands', { type: 'Record', aggregateId: 'ledger-1', payload: { entryId: 't', amount: 1 } }),
    );
    const history = await call(
      apiEvent('GET', '/v1/default/aggregates/ledger/ledger-1/events', { query: { fromVersion: '2' } }),
    );
    expect(history.statusCode).toBe(200);
    expect(history.json).toMatchObject({
      aggregateId: 'ledger-1',
      version: 2,
      events: [{ type: 'Recorded', version: 2 }],
    });
    const paged = await call(
      apiEvent('GET', '/v1/default/aggregates/ledger/ledger-1/events', { query: { limit: '1' } }),
    );
    expect(paged.json).toMatchObject({ version: 2, nextFromVersion: 2, events: [{ version: 1 }] });
    expect((await call(apiEvent('GET', '/v1/default/aggregates/ledger/none/events'))).json.error.code).toBe(
      'AGGREGATE_NOT_FOUND',
    );
    expect((await call(apiEvent('GET', '/v1/shop/aggregates/ledger/ledger-1/events'))).statusCode).toBe(404);
  });

  it('answers /health', async () => {
    const { call } = setup();
    expect((await call(apiEvent('GET', '/health'))).json).toEqual({ status: 'ok' });
  });

  describe('bad input: a clear typed error, and nothing stored', () => {
    const cases: [string, ReturnType<typeof apiEvent>, number, string][] = [
      ['malformed JSON', post('/v1/default/commands', '{"type":'), 400, 'INVALID_JSON'],
      ['empty body', post('/v1/default/commands', ''), 400, 'INVALID_JSON'],
      ['a JSON array', post('/v1/default/commands', '[]'), 400, 'VALIDATION_FAILED'],
      ['missing type', post('/v1/default/commands', { aggregateId: 'a', payload: {} }), 400, 'VALIDATION_FAILED'],
      ['type of the wrong kind', post('/v1/default/commands', { ...create, type: 42 }), 400, 'VALIDATION_FAILED'],
      ['unknown field', post('/v1/default/commands', { ...create, extra: true }), 400, 'VALIDATION_FAILED'],
      ['unknown command', post('/v1/default/commands', { ...create, type: 'DropTables' }), 400, 'UNKNOWN_COMMAND'],
      [
        'payload violating the schema',
        post('/v1/default/commands', { ...create, payload: { title: 'x'.repeat(201) } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'aggregate id with a separator',
        post('/v1/default/commands', { ...create, aggregateId: 'a#b' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'aggregate id with a slash',
        post('/v1/default/commands', { ...create, aggregateId: 'a/b' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'unicode aggregate id',
        post('/v1/default/commands', { ...create, aggregateId: 'liste-ü' }),
        400,
        'VALIDATION_FAILED',
      ],
      ['empty aggregate id', post('/v1/default/commands', { ...create, aggregateId: '' }), 400, 'VALIDATION_FAILED'],
      [
        '1,000-character aggregate id',
        post('/v1/default/commands', { ...create, aggregateId: 'a'.repeat(1000) }),
        400,
        'VALIDATION_FAILED',
      ],
      ['negative If-Match', post('/v1/default/commands', create, { 'If-Match': '"-1"' }), 400, 'VALIDATION_FAILED'],
      ['non-integer If-Match', post('/v1/default/commands', create, { 'If-Match': '"1.5"' }), 400, 'VALIDATION_FAILED'],
      [
        'bad Idempotency-Key',
        post('/v1/default/commands', create, { 'Idempotency-Key': 'a b\r\nX-Evil: 1' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'oversized body',
        post('/v1/default/commands', { ...create, payload: { title: 'x'.repeat(300_000) } }),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'another media type',
        post('/v1/default/commands', create, { 'Content-Type': 'text/plain' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      ['unknown context', post('/v1/billing/commands', create), 404, 'UNKNOWN_CONTEXT'],
      ['malformed context', post('/v1/DEFAULT%23x/commands', create), 404, 'UNKNOWN_CONTEXT'],
      ['wrong method', apiEvent('DELETE', '/v1/default/commands'), 405, 'METHOD_NOT_ALLOWED'],
      ['unknown route', apiEvent('GET', '/v2/anything'), 404, 'ROUTE_NOT_FOUND'],
      ['bad percent-encoding', apiEvent('GET', '/v1/default/commands/%E0%A4%A'), 400, 'VALIDATION_FAILED'],
      ['unknown command id', apiEvent('GET', '/v1/default/commands/nope'), 404, 'COMMAND_NOT_FOUND'],
      [
        'unknown aggregate type',
        apiEvent('GET', '/v1/default/aggregates/order/o-1/events'),
        404,
        'UNKNOWN_AGGREGATE_TYPE',
      ],
      [
        'negative fromVersion',
        apiEvent('GET', '/v1/default/aggregates/ledger/l/events', { query: { fromVersion: '-1' } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'fractional fromVersion',
        apiEvent('GET', '/v1/default/aggregates/ledger/l/events', { query: { fromVersion: '1.5' } }),
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [name, event, status, code] of cases) {
      it(`${name} → ${status} ${code}`, async () => {
        const { call, store, queue } = setup();
        const response = await call(event);
        expect(response.statusCode).toBe(status);
        expect(response.json.error.code).toBe(code);
        expect(typeof response.json.error.message).toBe('string');
        expect(store.streamKeys()).toEqual([]);
        expect(queue.depth).toBe(0);
      });
    }

    it('lists the failing fields', async () => {
      const { call } = setup();
      const response = await call(
        post('/v1/default/commands', { type: 'Record', aggregateId: 'l', payload: { entryId: 1 } }),
      );
      expect(response.json.error.fields.map((field: { path: string }) => field.path).sort()).toEqual([
        'payload.amount',
        'payload.entryId',
      ]);
    });

    it('answers a domain rule with 422 and its own code', async () => {
      const { call } = setup();
      const response = await call(
        post('/v1/default/commands', { type: 'Record', aggregateId: 'l', payload: { entryId: 'x', amount: 1 } }),
      );
      expect(response.statusCode).toBe(422);
      expect(response.json.error.code).toBe('NOT_FOUND');
    });
  });
});
