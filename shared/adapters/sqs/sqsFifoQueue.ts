import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { MessageQueue, OutgoingMessage, QueueConsumer, ReceivedMessage } from '#ports/messageQueue';

/**
 * An SQS FIFO queue. In AWS, Lambda's event source mapping consumes it; `receive`, `ack` and
 * `release` are for the tools, the tests and a local runtime pointed at emulated AWS.
 */
export class SqsFifoQueue implements MessageQueue, QueueConsumer {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: message.body,
        MessageGroupId: message.groupId,
        MessageDeduplicationId: message.dedupId,
      }),
    );
  }

  async receive(options: { max: number; waitMs: number; visibilityMs?: number }): Promise<ReceivedMessage[]> {
    const { max, waitMs, visibilityMs } = options;
    const { Messages = [] } = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: Math.min(20, Math.floor(waitMs / 1000)),
        ...(visibilityMs !== undefined && { VisibilityTimeout: Math.max(1, Math.ceil(visibilityMs / 1000)) }),
        MessageSystemAttributeNames: ['All'],
      }),
    );
    return Messages.map((message) => ({
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      groupId: message.Attributes?.MessageGroupId ?? '',
      dedupId: message.Attributes?.MessageDeduplicationId ?? '',
      body: message.Body ?? '',
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
      sentAt: Number(message.Attributes?.SentTimestamp ?? 0),
    }));
  }

  async ack(receiptHandle: string): Promise<void> {
    await this.client.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle }));
  }

  async extend(receiptHandle: string, visibilityMs: number): Promise<void> {
    await this.release(receiptHandle, visibilityMs);
  }

  async release(receiptHandle: string, delayMs = 0): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.ceil(delayMs / 1000),
      }),
    );
  }
}
