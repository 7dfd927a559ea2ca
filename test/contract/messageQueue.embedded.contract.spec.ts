import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { messageQueueContract } from './messageQueue.contract';

messageQueueContract('embedded (file-backed)', async () => {
  const queue = new EmbeddedFifoQueue({
    name: 'contract',
    dataDir: mkdtempSync(join(tmpdir(), 'cairn-queue-')),
    maxReceiveCount: 3,
  });
  return {
    queue,
    maxReceiveCount: 3,
    deadLetterBodies: async () => queue.deadLetters().map((message) => message.body),
  };
});
