/**
 * The README's "Add a feature" walk-through, as a user would try it: the bank account feature is
 * one folder and one line in the feature list, and its commands, refusals and view work through
 * the runtime's REST API with nothing else registered anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { getJson, postJson } from '../support/localRuntimeProcess';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, log: () => {} });
});
afterAll(() => runtime.close());

const send = (type: string, payload: unknown) =>
  postJson(`${runtime.url}/v1/default/commands`, { type, aggregateId: 'acc-1', payload });

describe('a feature added as one folder', () => {
  it('takes its commands, refuses what its decider refuses, and serves its view', async () => {
    expect((await send('OpenAccount', { owner: 'Ada' })).status).toBe(200);
    expect((await send('Credit', { amount: 700 })).status).toBe(200);
    const refused = await send('Debit', { amount: 701 });
    expect([refused.status, (refused.json as { error: { code: string } }).error.code]).toEqual([
      422,
      'INSUFFICIENT_FUNDS',
    ]);
    const debited = await send('Debit', { amount: 200 });
    expect(debited.status).toBe(200);
    const version = (debited.json as { version: number }).version;
    const view = await getJson(`${runtime.url}/v1/default/views/accountBalance/acc-1?minVersion=${version}`);
    expect([view.status, view.json]).toEqual([
      200,
      { key: 'acc-1', version: 3, data: { accountId: 'acc-1', owner: 'Ada', balance: 500 } },
    ]);
    const events = await getJson(`${runtime.url}/v1/default/aggregates/bankAccount/acc-1/events`);
    expect((events.json as { events: { type: string }[] }).events.map((event) => event.type)).toEqual([
      'AccountOpened',
      'Credited',
      'Debited',
    ]);
  });
});
