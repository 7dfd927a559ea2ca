/**
 * `CAIRN_STORE=aws npx cairn dlq list|redrive --queue processes` against LocalStack's SQS: the
 * process dead-letter queue (PROCESS_DLQ_URL) listed without being consumed, then redriven to the
 * process queue (PROCESS_QUEUE_URL, deduplicating by content as the stack's) in its group; the
 * projection queues (the default) are not touched.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqsFifoQueue } from '#adapters/sqs/sqsFifoQueue';
import { deadLetterOf } from '#application/deadLetter';
import { freshFifoQueue, sqsClient } from '../support/aws';
import { EMULATOR_AWS_ENV } from '../support/emulators';

const run = promisify(execFile);
let processes = { queueUrl: '', dlqUrl: '' };
let projections = { queueUrl: '', dlqUrl: '' };
const cairn = (...args: string[]) =>
  run('node_modules/.bin/tsx', ['cli/cairn.mjs', 'dlq', ...args], {
    env: {
      ...process.env,
      ...EMULATOR_AWS_ENV,
      CAIRN_STORE: 'aws',
      AWS_ENDPOINT_URL_SQS: process.env.LOCALSTACK_ENDPOINT ?? '',
      PROCESS_DLQ_URL: processes.dlqUrl,
      PROCESS_QUEUE_URL: processes.queueUrl,
      PROJECTION_DLQ_URL: projections.dlqUrl,
      PROJECTION_QUEUE_URL: projections.queueUrl,
    },
  });

const deadline = JSON.stringify({
  kind: 'deadline',
  process: 'archiveWhenDone',
  key: 'list-9',
  context: 'default',
  name: 'archive',
  id: 'e'.repeat(48),
  dueAt: '2026-03-08T09:00:00.000Z',
});

beforeAll(async () => {
  processes = await freshFifoQueue(sqsClient(), { contentBasedDeduplication: true });
  projections = await freshFifoQueue(sqsClient());
  // What the process worker sends on a message's last allowed receive: the message and its error.
  const letter = deadLetterOf(
    new Error('ArchiveTodoList refused'),
    // A deadline's message came from its schedule: its deduplication id is SQS's content hash.
    { receiveCount: 3, groupId: 'default#archiveWhenDone#list-9', dedupId: 'a'.repeat(64), body: deadline },
    new Date('2026-03-08T09:00:05Z'),
  );
  await new SqsFifoQueue(sqsClient(), processes.dlqUrl).send({
    groupId: letter.groupId,
    dedupId: letter.dedupId,
    body: JSON.stringify(letter),
  });
});

describe('npx cairn dlq on SQS (CAIRN_STORE=aws)', () => {
  it('lists the process dead letters with their errors, leaving them there, and the projection queue by default', async () => {
    const listed = await cairn('list', '--queue', 'processes');
    expect(listed.stdout).toContain(
      'default#archiveWhenDone#list-9 archiveWhenDone/list-9: deadline archive due 2026-03-08T09:00:00.000Z\n  2026-03-08T09:00:05.000Z  Error: ArchiveTodoList refused',
    );
    expect(listed.stdout).toContain('1 dead letter(s) in the process dead-letter queue');
    expect((await cairn('list', '--queue', 'processes')).stdout).toContain('1 dead letter(s)');
    expect((await cairn('list')).stdout).toContain('0 dead letter(s) in the projection dead-letter queue');
  });

  it('redrives them to the process queue, in their group, and empties the dead-letter queue', async () => {
    const redriven = await cairn('redrive', '--queue', 'processes');
    expect(redriven.stdout).toContain('redrove 1 dead letter(s) to the process queue');
    const { Messages = [] } = await sqsClient().send(
      new ReceiveMessageCommand({
        QueueUrl: processes.queueUrl,
        WaitTimeSeconds: 2,
        MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
      }),
    );
    expect(Messages.map((message) => [message.Attributes?.MessageGroupId, message.Body])).toEqual([
      ['default#archiveWhenDone#list-9', deadline],
    ]);
    expect(Messages[0]?.Attributes?.MessageDeduplicationId).toMatch(/^a{64}:r\d+$/);
    expect((await cairn('list', '--queue', 'processes')).stdout).toContain('0 dead letter(s)');
  });
});
