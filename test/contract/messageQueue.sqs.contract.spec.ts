import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { SqsFifoQueue } from '#adapters/sqs/sqsFifoQueue';
import { freshFifoQueue, sqsClient } from '../support/aws';
import { messageQueueContract } from './messageQueue.contract';

messageQueueContract('SQS FIFO (LocalStack)', async () => {
  const client = sqsClient();
  const { queueUrl, dlqUrl } = await freshFifoQueue(client, { maxReceiveCount: 3 });
  return {
    queue: new SqsFifoQueue(client, queueUrl),
    maxReceiveCount: 3,
    deadLetterBodies: async () => {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      return Messages.map((message) => message.Body ?? '');
    },
  };
});
