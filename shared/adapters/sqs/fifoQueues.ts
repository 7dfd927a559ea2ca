import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QUEUE_MAX_RECEIVES } from '#application/limits';

/** High-throughput FIFO: deduplication and throughput limits per message group (per aggregate). */
export const FIFO_ATTRIBUTES = {
  FifoQueue: 'true',
  DeduplicationScope: 'messageGroup',
  FifoThroughputLimit: 'perMessageGroupId',
} as const;

export interface FifoQueueOptions {
  maxReceiveCount?: number;
  visibilityTimeoutSeconds?: number;
  /**
   * A message sent without a deduplication id is deduplicated by its body's SHA-256 (what
   * EventBridge Scheduler needs of a FIFO target: it sets none); an explicit id still wins.
   */
  contentBasedDeduplication?: boolean;
}

/**
 * Creates (or finds: CreateQueue is idempotent for equal attributes) a FIFO queue with its FIFO
 * dead-letter queue and redrive policy, as the CDK stack defines them. For emulators and tests; in
 * AWS the stack owns the queues.
 */
export const ensureFifoQueue = async (
  client: SQSClient,
  name: string,
  options: FifoQueueOptions = {},
): Promise<{ queueUrl: string; dlqUrl: string; queueArn: string }> => {
  const dlq = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq.fifo`, Attributes: FIFO_ATTRIBUTES }));
  const dlqUrl = dlq.QueueUrl ?? '';
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: `${name}.fifo`,
      Attributes: {
        ...FIFO_ATTRIBUTES,
        ...(options.contentBasedDeduplication && { ContentBasedDeduplication: 'true' }),
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount: options.maxReceiveCount ?? QUEUE_MAX_RECEIVES,
        }),
      },
    }),
  );
  const queueUrl = queue.QueueUrl ?? '';
  const created = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { queueUrl, dlqUrl, queueArn: created.Attributes?.QueueArn ?? '' };
};
