/**
 * `npx cairn dlq list|redrive [--queue projections|processes]`: a dead-letter queue, the projection
 * worker's (default) or the process worker's, listed with each letter's error, or redriven to the
 * queue it came from once the cause is fixed.
 *   - embedded (default): the data under CAIRN_DATA_DIR (default .cairn), queues `projections-dlq`
 *     → `projections` and `processes-dlq` → `processes`; stop `npm start` first, the data directory
 *     has one owner at a time (and a restart loads a fixed projection or process anyway);
 *   - CAIRN_STORE=aws: the SQS queues named by PROJECTION_DLQ_URL and PROJECTION_QUEUE_URL, or
 *     PROCESS_DLQ_URL and PROCESS_QUEUE_URL.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { SqsFifoQueue } from '#adapters/sqs/sqsFifoQueue';
import type { MessageQueue, QueueConsumer } from '#ports/messageQueue';
import { requireEnv } from '#runtime/env';
import { ENV } from '#runtime/environment';
import { lockDataDir } from '../local/dataDirLock';
import { describeMessage, drain, parseDeadLetter, redriveTo } from './deadLetters';

/** Each worker's dead-letter queue and the queue it redrives to: embedded names, and the variables naming the SQS ones. */
const QUEUES = {
  projections: { embedded: 'projections', dlqUrl: ENV.projectionDlqUrl, url: ENV.projectionQueueUrl, of: 'projection' },
  processes: { embedded: 'processes', dlqUrl: ENV.processDlqUrl, url: ENV.processQueueUrl, of: 'process' },
} as const;

const usage = (): never => {
  console.error(
    'usage: npx cairn dlq list|redrive [--queue projections|processes]   (CAIRN_STORE=aws for SQS; CAIRN_DATA_DIR for embedded)',
  );
  return process.exit(2);
};

const parsed = (() => {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: { queue: { type: 'string', default: 'projections' } },
      allowPositionals: true,
    });
  } catch {
    return usage();
  }
})();
const [command, ...extra] = parsed.positionals;
const queueName = parsed.values.queue;
if ((command !== 'list' && command !== 'redrive') || extra.length > 0 || !Object.hasOwn(QUEUES, queueName)) usage();
const chosen = QUEUES[queueName as keyof typeof QUEUES];

const print = (letter: { groupId: string; body: string; reason: string; failedAt: string }) => {
  console.log(`${letter.groupId} ${describeMessage(letter.body)}\n  ${letter.failedAt}  ${letter.reason}`);
};

const openQueues = (): { dlq: QueueConsumer & MessageQueue; target: MessageQueue; close: () => void } => {
  if (process.env.CAIRN_STORE === 'aws') {
    const sqs = new SQSClient({});
    return {
      dlq: new SqsFifoQueue(sqs, requireEnv(chosen.dlqUrl)),
      target: new SqsFifoQueue(sqs, requireEnv(chosen.url)),
      close: () => sqs.destroy(),
    };
  }
  const dataDir = resolve(process.env.CAIRN_DATA_DIR ?? '.cairn');
  const unlock = lockDataDir(dataDir);
  const dlq = new EmbeddedFifoQueue({ name: `${chosen.embedded}-dlq`, dataDir });
  const target = new EmbeddedFifoQueue({ name: chosen.embedded, dataDir });
  if (command === 'list') {
    // The embedded queue can be read without receiving: list every letter, in order.
    const letters = dlq.peek().map(parseDeadLetter);
    for (const letter of letters) print(letter);
    console.log(`${letters.length} dead letter(s) in the ${chosen.of} dead-letter queue`);
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
    console.log(
      `${seen} dead letter(s) in the ${chosen.of} dead-letter queue (SQS FIFO shows at most 10 per message group while they are listed)`,
    );
  } else {
    const moved = await drain(dlq, redriveTo(target));
    console.log(`redrove ${moved} dead letter(s) to the ${chosen.of} queue`);
  }
} finally {
  close();
}
