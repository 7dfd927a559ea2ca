/**
 * Collections over REST: a projection's views listed in key order, a page at a time, filtered by
 * key prefix, read-your-writes for a member, and every bad parameter a 400 that names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { getJson, postJson } from '../support/localRuntimeProcess';

let runtime: LocalRuntime;
const keys = ['acc-03', 'acc-01', 'acc-10', 'acc-02', 'other-1', 'acc-04', 'acc-05'];
interface Page {
  items: { key: string; version: number; data: { owner: string } }[];
  nextCursor?: string;
}

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, contexts: new Set(['default']), log: () => {} });
  for (const key of keys) {
    const opened = await postJson(`${runtime.url}/v1/default/commands`, {
      type: 'OpenAccount',
      aggregateId: key,
      payload: { owner: `owner of ${key}` },
    });
    expect(opened.status).toBe(200);
  }
  // The last one's view, so every view before it is there too (one relay, in commit order).
  expect((await getJson(`${runtime.url}/v1/default/views/accountBalance/acc-05?minVersion=1`)).status).toBe(200);
});
afterAll(() => runtime.close());

const list = (query: string) => getJson(`${runtime.url}/v1/default/views/accountBalance${query}`);

describe('collections', () => {
  it('lists every view in key order, a page at a time, following nextCursor to the end', async () => {
    const seen: string[] = [];
    let query = '?limit=3';
    for (let pages = 0; pages < 5; pages++) {
      const page = await list(query);
      expect(page.status).toBe(200);
      const body = page.json as Page;
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((item) => item.key));
      if (!body.nextCursor) break;
      query = `?limit=3&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    expect(seen).toEqual([...keys].sort());
    const first = ((await list('?limit=1')).json as Page).items[0];
    expect(first).toEqual({
      key: 'acc-01',
      version: 1,
      data: { accountId: 'acc-01', owner: 'owner of acc-01', balance: 0 },
    });
  });

  it('filters by key prefix, and pages within it', async () => {
    const body = (await list('?prefix=acc-0&limit=4')).json as Page;
    expect(body.items.map((item) => item.key)).toEqual(['acc-01', 'acc-02', 'acc-03', 'acc-04']);
    const rest = (await list(`?prefix=acc-0&limit=4&cursor=${body.nextCursor}`)).json as Page;
    expect([rest.items.map((item) => item.key), rest.nextCursor]).toEqual([['acc-05'], undefined]);
    expect(((await list('?prefix=none')).json as Page).items).toEqual([]);
  });

  it('reads a list after a write to one of its members (member + minVersion)', async () => {
    const credited = await postJson(`${runtime.url}/v1/default/commands`, {
      type: 'Credit',
      aggregateId: 'acc-02',
      payload: { amount: 250 },
    });
    const version = (credited.json as { version: number }).version;
    const page = (await list(`?prefix=acc-02&member=acc-02&minVersion=${version}`)).json as Page;
    expect(page.items).toEqual([
      { key: 'acc-02', version, data: { accountId: 'acc-02', owner: 'owner of acc-02', balance: 250 } },
    ]);
  });

  it('answers every bad parameter with a 400 that names it, and an unknown projection with a 404', async () => {
    const other = ((await list('?prefix=acc&limit=1')).json as Page).nextCursor ?? '';
    const cases: [string, number, string, string?][] = [
      ['?limit=0', 400, 'VALIDATION_FAILED', 'limit'],
      ['?limit=101', 400, 'VALIDATION_FAILED', 'limit'],
      ['?limit=ten', 400, 'VALIDATION_FAILED', 'limit'],
      ['?cursor=not-a-cursor', 400, 'VALIDATION_FAILED', 'cursor'],
      ['?cursor=%7B%7D', 400, 'VALIDATION_FAILED', 'cursor'],
      // A cursor issued for another listing (here: another prefix) is refused, not followed.
      [`?prefix=acc-0&cursor=${other}`, 400, 'VALIDATION_FAILED', 'cursor'],
      ['?prefix=a%20b', 400, 'VALIDATION_FAILED', 'prefix'],
      ['?minVersion=2', 400, 'VALIDATION_FAILED', 'member'],
      ['?member=acc-01&minVersion=99', 409, 'VIEW_NOT_READY'],
    ];
    for (const [query, status, code, field] of cases) {
      const answer = await list(query);
      const error = (answer.json as { error: { code: string; fields?: { path: string }[] } }).error;
      expect([query, answer.status, error.code]).toEqual([query, status, code]);
      if (field) expect(error.fields?.map((entry) => entry.path)).toContain(field);
    }
    const unknown = await getJson(`${runtime.url}/v1/default/views/nope`);
    expect([unknown.status, (unknown.json as { error: { code: string } }).error.code]).toEqual([
      404,
      'UNKNOWN_PROJECTION',
    ]);
    const context = await getJson(`${runtime.url}/v1/elsewhere/views/accountBalance`);
    expect(context.status).toBe(404);
  });

  it('filters by a declared field and orders by the declared sort field, either way, paging within', async () => {
    const send = (type: string, aggregateId: string, payload: unknown) =>
      postJson(`${runtime.url}/v1/default/commands`, { type, aggregateId, payload });
    for (const [id, owner, amount] of [
      ['ada-1', 'Ada', 300],
      ['ada-2', 'Ada', 100],
      ['bob-1', 'Bob', 200],
    ] as const) {
      expect((await send('OpenAccount', id, { owner })).status).toBe(200);
      expect((await send('Credit', id, { amount })).status).toBe(200);
    }
    const keysOf = async (query: string) => {
      const answer = await list(`${query}&member=bob-1&minVersion=2`);
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      return answer.json as Page;
    };
    const ada = await keysOf('?filter=owner:Ada&sort=balance');
    expect(ada.items.map((item) => [item.key, (item.data as unknown as { balance: number }).balance])).toEqual([
      ['ada-2', 100],
      ['ada-1', 300],
    ]);
    const richest = await keysOf('?sort=balance&order=desc&limit=2');
    expect(richest.items.map((item) => item.key)).toEqual(['ada-1', 'acc-02']);
    const next = await keysOf(`?sort=balance&order=desc&limit=2&cursor=${richest.nextCursor}`);
    expect(next.items.map((item) => item.key)).toEqual(['bob-1', 'ada-2']);
    for (const [query, field] of [
      ['?filter=balance:1', 'filter'],
      ['?filter=owner', 'filter'],
      ['?sort=owner', 'sort'],
      ['?order=desc', 'order'],
      ['?order=up&sort=balance', 'order'],
      ['?prefix=ada&sort=balance', 'prefix'],
      [`?sort=balance&order=asc&cursor=${richest.nextCursor}`, 'cursor'],
    ]) {
      const answer = await list(query ?? '');
      const error = (answer.json as { error: { code: string; fields?: { path: string }[] } }).error;
      expect([query, answer.status, error.code, error.fields?.[0]?.path]).toEqual([
        query,
        400,
        'VALIDATION_FAILED',
        field,
      ]);
    }
  });
});
