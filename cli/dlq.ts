/**
 * `npm run dlq -- list|redrive`: the projection dead-letter queue.
 *   - embedded (default): the data under CAIRN_DATA_DIR (default .cairn); stop `npm start` first,
 *     the data directory has one owner at a time (and a restart loads a fixed projection anyway);
 *   - CAIRN_STORE=aws: the SQS queues named by PROJECTION_DLQ_URL and PROJECTION_QUEUE_URL.
 */
import { resolve } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { SqsFifoQueue } from '#adapters/sqs/sqsFifoQueue';
import type { MessageQueue, QueueConsumer } from '#ports/messageQueue';
import { requireEnv } from '#runtime/env';
import { ENV } from '#runtime/environment';
import { lockDataDir } from '../local/dataDirLock';
import { drain, parseDeadLetter, redriveTo } from './deadLetters';

const [command] = process.argv.slice(2);
if (command !== 'list' && command !== 'redrive') {
  console.error('usage: npm run dlq -- list|redrive   (CAIRN_STORE=aws for SQS; CAIRN_DATA_DIR for embedded)');
  process.exit(2);
}

const print = (letter: { groupId: string; body: string; reason: string; failedAt: string }) => {
  const event = JSON.parse(letter.body) as { type?: string; version?: number };
  console.log(`${letter.groupId} v${event.version ?? '?'} ${event.type ?? ''}\n  ${letter.failedAt}  ${letter.reason}`);
};

const openQueues = (): { dlq: QueueConsumer & MessageQueue; target: MessageQueue; close: () => void } => {
  if (process.env.CAIRN_STORE === 'aws') {
    const sqs = new SQSClient({});
    return {
      dlq: new SqsFifoQueue(sqs, requireEnv(ENV.projectionDlqUrl)),
      target: new SqsFifoQueue(sqs, requireEnv(ENV.projectionQueueUrl)),
      close: () => sqs.destroy(),
    };
  }
  const dataDir = resolve(process.env.CAIRN_DATA_DIR ?? '.cairn');
  const unlock = lockDataDir(dataDir);
  const dlq = new EmbeddedFifoQueue({ name: 'projections-dlq', dataDir });
  const target = new EmbeddedFifoQueue({ name: 'projections', dataDir });
  if (command === 'list') {
    // The embedded queue can be read without receiving: list every letter, in order.
    const letters = dlq.peek().map(parseDeadLetter);
    for (const letter of letters) print(letter);
    console.log(`${letters.length} dead letter(s)`);
    dlq.close();
    target.close();
    unlock();
    process.exit(0);
  }
  return {
    dlq,
    target,
    close: () => {
      dlq.close();
      target.close();
      unlock();
    },
  };
};

const { dlq, target, close } = openQueues();
try {
  if (command === 'list') {
    const seen = await drain(dlq, async (letter) => {
      print(letter);
      return 'keep';
    });
    console.log(`${seen} dead letter(s) (SQS FIFO shows at most 10 per message group while they are listed)`);
  } else {
    const moved = await drain(dlq, redriveTo(target));
    console.log(`redrove ${moved} dead letter(s) to the projection queue`);
  }
} finally {
  close();
}
