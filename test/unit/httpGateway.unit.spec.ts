import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpGateway } from '../../local/httpGateway';

describe('local HTTP gateway', () => {
  const errors: unknown[] = [];
  const server = createHttpGateway(
    async () => {
      throw new Error('the handler failed');
    },
    { log: (error) => errors.push(error) },
  );
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 500 INTERNAL_ERROR when a handler rejects, whether or not the request had a body', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      const response = await fetch(`${url}/v1/default/commands`, {
        method,
        body: method === 'GET' ? undefined : '{"type":"x"}',
      });
      expect([method, response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([
        method,
        500,
        'INTERNAL_ERROR',
      ]);
    }
    expect(errors).toHaveLength(4);
  });
});
