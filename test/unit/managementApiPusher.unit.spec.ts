import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagementApiPusher, managementApiClient } from '#adapters/apigateway/managementApiPusher';

/** A stand-in management endpoint answering every request with `answer` (or never). */
const endpoint = async (answer?: { status: number; errorType?: string }) => {
  let calls = 0;
  const server: Server = createServer((request, response) => {
    calls += 1;
    request.resume();
    if (!answer) return; // never answers: a client that would hold up the pusher forever
    response.writeHead(answer.status, {
      'content-type': 'application/json',
      ...(answer.errorType && { 'x-amzn-errortype': answer.errorType }),
    });
    response.end(answer.errorType ? JSON.stringify({ message: answer.errorType }) : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  opened.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls: () => calls };
};
const opened: Server[] = [];
afterEach(() => {
  for (const server of opened.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

const pusherFor = (url: string, timeouts?: Parameters<typeof managementApiClient>[1]) =>
  new ManagementApiPusher(
    managementApiClient(
      { endpoint: url, region: 'local', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
      timeouts,
    ),
  );

describe('the management-API pusher', () => {
  it('gives up on a call that gets no answer instead of waiting forever', async () => {
    const silent = await endpoint();
    const started = Date.now();
    await expect(
      pusherFor(silent.url, { connectionTimeout: 200, requestTimeout: 300, maxAttempts: 2, maxSockets: 4 }).push(
        'c1',
        '{}',
      ),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(silent.calls()).toBe(2);
  });

  it('tells a gone connection (410) from one whose client does not read (429 LimitExceededException)', async () => {
    const gone = await endpoint({ status: 410, errorType: 'GoneException' });
    expect(await pusherFor(gone.url).push('c1', '{}')).toBe('gone');
    const full = await endpoint({ status: 429, errorType: 'LimitExceededException' });
    expect(await pusherFor(full.url).push('c1', '{}')).toBe('full');
    const ok = await endpoint({ status: 200 });
    expect(await pusherFor(ok.url).push('c1', '{}')).toBe('sent');
    await expect(pusherFor(gone.url).close('c1')).resolves.toBeUndefined();
  });
});
