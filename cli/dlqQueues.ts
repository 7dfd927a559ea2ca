/**
 * The queues that `npx cairn dlq` works on: the embedded ones under CAIRN_DATA_DIR (read only while
 * no runtime holds the directory: they have one writer at a time), or the SQS ones of
 * CAIRN_STORE=aws, named by their URLs. Each way they fail is one sentence saying what to do.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { SqsFifoQueue } from '#adapters/sqs/sqsFifoQueue';
import type { DeadLetterQueue, MessageQueue } from '#ports/messageQueue';
import { ENV } from '#runtime/environment';
import { DataDirInUseError, lockDataDir } from '../local/dataDirLock';
import { CliError, UsageError } from './cliErrors';

/** Each worker's dead-letter queue and the queue it redrives to: embedded names, and the variables naming the SQS ones. */
export const QUEUES = {
  projections: { embedded: 'projections', dlqUrl: ENV.projectionDlqUrl, url: ENV.projectionQueueUrl, of: 'projection' },
  processes: { embedded: 'processes', dlqUrl: ENV.processDlqUrl, url: ENV.processQueueUrl, of: 'process' },
} as const;
export type QueueChoice = (typeof QUEUES)[keyof typeof QUEUES];

export interface OpenQueues {
  /** The embedded one is read in place (peek); SQS's is received, and released after. */
  dlq: DeadLetterQueue;
  target: MessageQueue;
  close: () => void;
}

const sqsQueues = (chosen: QueueChoice): OpenQueues => {
  const [dlqUrl, url] = [process.env[chosen.dlqUrl], process.env[chosen.url]];
  if (!dlqUrl || !url) {
    throw new UsageError(
      `CAIRN_STORE=aws needs ${chosen.dlqUrl} and ${chosen.url}: the URLs of the stack's ${chosen.of} dead-letter queue and queue (its outputs)`,
    );
  }
  for (const [name, value] of [
    [chosen.dlqUrl, dlqUrl],
    [chosen.url, url],
  ]) {
    if (!URL.canParse(value ?? ''))
      throw new UsageError(
        `${name} '${value}' is not a queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>)`,
      );
  }
  // The queue's URL names its endpoint: set so, the SDK sends there without warning that it does.
  const sqs = new SQSClient({ endpoint: new URL(dlqUrl).origin });
  return { dlq: new SqsFifoQueue(sqs, dlqUrl), target: new SqsFifoQueue(sqs, url), close: () => sqs.destroy() };
};

const embeddedQueues = (chosen: QueueChoice): OpenQueues => {
  const dataDir = resolve(process.env.CAIRN_DATA_DIR ?? '.cairn');
  // Not created here: an empty directory made in the wrong place would list no letters, wrongly.
  if (!existsSync(dataDir)) {
    throw new CliError(
      `no data directory at ${dataDir}: run this where npm start runs, or with its CAIRN_DATA_DIR (CAIRN_STORE=aws for the queues on SQS)`,
    );
  }
  let unlock: () => void;
  try {
    unlock = lockDataDir(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    throw new CliError(
      `${dataDir} is in use by the runtime with process id ${error.ownerPid} (its LOCK file): stop it first (Ctrl+C where npm start runs; nothing is lost) and run this again, or redrive from the console (/console/) while it runs — a runtime on SQS is read with CAIRN_STORE=aws npx cairn dlq while it runs`,
    );
  }
  const dlq = new EmbeddedFifoQueue({ name: `${chosen.embedded}-dlq`, dataDir });
  const target = new EmbeddedFifoQueue({ name: chosen.embedded, dataDir });
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

export const openQueues = (chosen: QueueChoice): OpenQueues =>
  process.env.CAIRN_STORE === 'aws' ? sqsQueues(chosen) : embeddedQueues(chosen);
