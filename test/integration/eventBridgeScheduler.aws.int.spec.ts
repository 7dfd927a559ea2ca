/**
 * The EventBridge Scheduler adapter against LocalStack's scheduler, and the process queue's
 * content-based deduplication against LocalStack's SQS. LocalStack's open-source scheduler (moto's
 * backend, with expression validation) stores, updates and deletes schedules and never runs them:
 * the last test pins that, which is why the local runtime on emulators keeps deadlines with its
 * embedded timer instead. That a schedule fires, in time, is AWS's part.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateScheduleGroupCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  type GetScheduleCommandOutput,
} from '@aws-sdk/client-scheduler';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgeDeadlineScheduler } from '#adapters/scheduler/eventBridgeDeadlineScheduler';
import type { ScheduledDeadline } from '#ports/deadlineScheduler';
import { freshFifoQueue, schedulerClient, sqsClient } from '../support/aws';

const client = schedulerClient();
const groupName = `cairn-it-${randomUUID().slice(0, 8)}`;
let queue = { queueUrl: '', queueArn: '' };
let scheduler: EventBridgeDeadlineScheduler;

beforeAll(async () => {
  await client.send(new CreateScheduleGroupCommand({ Name: groupName }));
  queue = await freshFifoQueue(sqsClient(), { contentBasedDeduplication: true });
  scheduler = new EventBridgeDeadlineScheduler(client, {
    groupName,
    queueArn: queue.queueArn,
    roleArn: 'arn:aws:iam::000000000000:role/cairn-scheduler',
  });
});
afterAll(async () => {
  await client.send(new DeleteScheduleGroupCommand({ Name: groupName })).catch(() => {});
});

const deadlineOf = (name: string, at: Date): ScheduledDeadline => ({
  name,
  at,
  groupId: 'default#archiveWhenDone#list-1',
  dedupId: `deadline-${name}`,
  body: JSON.stringify({ kind: 'deadline', process: 'archiveWhenDone', key: 'list-1', name: 'archive', id: name }),
});
const get = (name: string): Promise<GetScheduleCommandOutput> =>
  client.send(new GetScheduleCommand({ Name: name, GroupName: groupName }));
const receive = async (queueUrl: string) => {
  const { Messages = [] } = await sqsClient().send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  return Messages;
};

describe('EventBridge Scheduler (LocalStack) and the process queue (LocalStack SQS)', () => {
  it('creates a one-time schedule in the group, targeting the process queue with the message group and body', async () => {
    const name = `cairn-${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    const at = new Date(Date.now() + 3_600_000);
    await scheduler.schedule(deadlineOf(name, at));
    const stored = await get(name);
    expect(stored).toMatchObject({
      Name: name,
      GroupName: groupName,
      ScheduleExpression: `at(${new Date(Math.ceil(at.getTime() / 1000) * 1000).toISOString().slice(0, 19)})`,
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: queue.queueArn,
        RoleArn: 'arn:aws:iam::000000000000:role/cairn-scheduler',
        Input: deadlineOf(name, at).body,
        SqsParameters: { MessageGroupId: 'default#archiveWhenDone#list-1' },
      },
    });
  });

  it('replaces the schedule when its name is scheduled again, and cancels it (twice is no error)', async () => {
    const name = `cairn-${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    await scheduler.schedule(deadlineOf(name, new Date('2099-01-01T00:00:00Z')));
    await scheduler.schedule({ ...deadlineOf(name, new Date('2099-06-01T12:00:00Z')), body: '{"replaced":true}' });
    const replaced = await get(name);
    expect(replaced.ScheduleExpression).toBe('at(2099-06-01T12:00:00)');
    expect(replaced.Target?.Input).toBe('{"replaced":true}');
    await scheduler.cancel(name);
    await expect(get(name)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(scheduler.cancel(name)).resolves.toBeUndefined();
    await expect(scheduler.cancel('cairn-never-scheduled')).resolves.toBeUndefined();
  });

  it('deduplicates by content what the scheduler sends (no deduplication id), while explicit ids still win', async () => {
    const sqs = sqsClient();
    const send = (body: string, dedupId?: string) =>
      sqs.send(
        new SendMessageCommand({
          QueueUrl: queue.queueUrl,
          MessageBody: body,
          MessageGroupId: 'default#archiveWhenDone#list-2',
          ...(dedupId && { MessageDeduplicationId: dedupId }),
        }),
      );
    // A schedule delivering the same deadline twice (its retry after a lost answer): one message.
    await send('{"deadline":"same"}');
    await send('{"deadline":"same"}');
    // The publisher's events carry their own ids: the same body under two ids is two messages.
    await send('{"event":"same"}', 'event-a');
    await send('{"event":"same"}', 'event-b');
    const bodies = [];
    for (let round = 0; round < 5 && bodies.length < 3; round++) {
      for (const message of await receive(queue.queueUrl)) bodies.push(message.Body);
    }
    expect(bodies.sort()).toEqual(['{"deadline":"same"}', '{"event":"same"}', '{"event":"same"}']);
  });

  it('keeps a schedule that came due without running it (LocalStack does not fire schedules)', async () => {
    const name = `cairn-${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    const own = await freshFifoQueue(sqsClient(), { contentBasedDeduplication: true });
    const quiet = new EventBridgeDeadlineScheduler(client, {
      groupName,
      queueArn: own.queueArn,
      roleArn: 'arn:aws:iam::000000000000:role/cairn-scheduler',
    });
    await quiet.schedule(deadlineOf(name, new Date(Date.now() + 1_000)));
    await new Promise((done) => setTimeout(done, 3_000));
    expect(await receive(own.queueUrl)).toEqual([]);
    // Still there: in AWS a one-time schedule with ActionAfterCompletion DELETE is gone once it ran.
    expect((await get(name)).Name).toBe(name);
  });
});
