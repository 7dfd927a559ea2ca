/**
 * The EventBridge Scheduler adapter's requests, as the real SDK client sends them to a stand-in
 * endpoint on localhost (restJson1: POST/PUT/DELETE /schedules/{Name}): the one-time schedule it
 * creates, the update when the name exists, the delete, and which errors it absorbs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, it } from 'vitest';
import { atExpression, EventBridgeDeadlineScheduler } from '#adapters/scheduler/eventBridgeDeadlineScheduler';
import type { ScheduledDeadline } from '#ports/deadlineScheduler';

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
}
type Answer = { status: number; errorType?: string; body?: unknown };

/** A stand-in endpoint: answers each request with the next scripted answer (200 `{}` once they run out). */
const endpoint = async (answers: Answer[] = []) => {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stub');
      seen.push({
        method: request.method ?? '',
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        body: text ? JSON.parse(text) : {},
      });
      const answer = answers.shift() ?? { status: 200 };
      response.writeHead(answer.status, {
        'content-type': 'application/json',
        ...(answer.errorType && { 'x-amzn-errortype': answer.errorType }),
      });
      const body = answer.errorType ? { Message: answer.errorType } : (answer.body ?? {});
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  opened.push(server);
  const client = new SchedulerClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
  });
  const scheduler = new EventBridgeDeadlineScheduler(client, {
    groupName: 'Cairn-prod-deadlines',
    queueArn: 'arn:aws:sqs:eu-west-1:123456789012:Cairn-prod-ProcessQueue.fifo',
    roleArn: 'arn:aws:iam::123456789012:role/Cairn-prod-DeadlinesSchedulerRole',
  });
  return { seen, scheduler };
};
const opened: Server[] = [];
afterEach(() => {
  for (const server of opened.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

const deadline: ScheduledDeadline = {
  name: `cairn-${'a1'.repeat(24)}`,
  at: new Date('2026-03-01T09:30:15.250Z'),
  groupId: 'default#archiveWhenDone#list-1',
  dedupId: 'deadline-ffff',
  body: JSON.stringify({ kind: 'deadline', process: 'archiveWhenDone', key: 'list-1', id: 'ffff' }),
};

/** The whole definition both CreateSchedule and UpdateSchedule carry. */
const definition = {
  GroupName: 'Cairn-prod-deadlines',
  ScheduleExpression: 'at(2026-03-01T09:30:16)',
  ScheduleExpressionTimezone: 'UTC',
  FlexibleTimeWindow: { Mode: 'OFF' },
  ActionAfterCompletion: 'DELETE',
  State: 'ENABLED',
  Target: {
    Arn: 'arn:aws:sqs:eu-west-1:123456789012:Cairn-prod-ProcessQueue.fifo',
    RoleArn: 'arn:aws:iam::123456789012:role/Cairn-prod-DeadlinesSchedulerRole',
    Input: deadline.body,
    SqsParameters: { MessageGroupId: 'default#archiveWhenDone#list-1' },
  },
};

describe('the EventBridge Scheduler deadline scheduler', () => {
  it('writes one-time schedule expressions in UTC, rounded up to the second', () => {
    expect(atExpression(new Date('2026-03-01T09:30:15.000Z'))).toBe('at(2026-03-01T09:30:15)');
    expect(atExpression(new Date('2026-03-01T09:30:15.001Z'))).toBe('at(2026-03-01T09:30:16)');
    expect(atExpression(new Date('2026-12-31T23:59:59.999Z'))).toBe('at(2027-01-01T00:00:00)');
  });

  it('creates a one-time schedule in its group that sends the deadline to the process queue, and deletes itself', async () => {
    const { seen, scheduler } = await endpoint([{ status: 200, body: { ScheduleArn: 'arn:schedule' } }]);
    await scheduler.schedule(deadline);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', path: `/schedules/${deadline.name}` });
    // The SDK adds an idempotency token of its own; the rest is the definition, and no more.
    const { ClientToken, ...sent } = seen[0]?.body ?? {};
    expect(ClientToken).toEqual(expect.any(String));
    expect(sent).toEqual(definition);
    // A FIFO target takes no deduplication id from the scheduler: the queue deduplicates by content.
    expect(JSON.stringify(sent)).not.toContain(deadline.dedupId);
  });

  it('replaces the schedule of a name that exists: ConflictException on create, then UpdateSchedule with the whole definition', async () => {
    const { seen, scheduler } = await endpoint([{ status: 409, errorType: 'ConflictException' }]);
    await scheduler.schedule({ ...deadline, at: new Date('2026-03-08T09:30:15Z') });
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /schedules/${deadline.name}`,
      `PUT /schedules/${deadline.name}`,
    ]);
    const { ClientToken, ...updated } = seen[1]?.body ?? {};
    expect(updated).toEqual({ ...definition, ScheduleExpression: 'at(2026-03-08T09:30:15)' });
  });

  it('creates it again when it ran and was deleted between the conflict and the update', async () => {
    const { seen, scheduler } = await endpoint([
      { status: 409, errorType: 'ConflictException' },
      { status: 404, errorType: 'ResourceNotFoundException' },
    ]);
    await scheduler.schedule(deadline);
    expect(seen.map((request) => request.method)).toEqual(['POST', 'PUT', 'POST']);
  });

  it('gives up after a few rounds of a schedule that keeps appearing and disappearing', async () => {
    const flapping: Answer[] = [];
    for (let i = 0; i < 3; i++)
      flapping.push(
        { status: 409, errorType: 'ConflictException' },
        { status: 404, errorType: 'ResourceNotFoundException' },
      );
    const { seen, scheduler } = await endpoint(flapping);
    await expect(scheduler.schedule(deadline)).rejects.toThrow(/kept appearing and disappearing/);
    expect(seen).toHaveLength(6);
  });

  it('passes on any other refusal (a bad role, throttling), so that the message is tried again', async () => {
    const { scheduler } = await endpoint([{ status: 400, errorType: 'ValidationException' }]);
    await expect(scheduler.schedule(deadline)).rejects.toMatchObject({ name: 'ValidationException' });
    const { scheduler: throttled } = await endpoint([{ status: 429, errorType: 'ThrottlingException' }]);
    await expect(throttled.cancel(deadline.name)).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('cancels by name in its group, a schedule that ran already or never existed being no error', async () => {
    const { seen, scheduler } = await endpoint([
      { status: 200 },
      { status: 404, errorType: 'ResourceNotFoundException' },
    ]);
    await scheduler.cancel(deadline.name);
    await scheduler.cancel(deadline.name);
    expect(seen.map((request) => [request.method, request.path, request.query.groupName])).toEqual([
      ['DELETE', `/schedules/${deadline.name}`, 'Cairn-prod-deadlines'],
      ['DELETE', `/schedules/${deadline.name}`, 'Cairn-prod-deadlines'],
    ]);
  });
});
