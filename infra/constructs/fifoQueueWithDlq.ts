import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface FifoQueueWithDlqProps {
  /** Deliveries before SQS moves a message to the dead-letter queue (the workers dead-letter earlier, with the reason). */
  maxReceiveCount: number;
  visibilityTimeout: Duration;
  /**
   * Deduplicate a message sent without a deduplication id by its body's SHA-256 (an explicit id
   * still wins): for a queue that EventBridge Scheduler sends to, which sets none.
   */
  contentBasedDeduplication?: boolean;
}

/**
 * A high-throughput FIFO queue (deduplication and throughput per message group, i.e. per
 * aggregate) with its FIFO dead-letter queue, redrive policy, and an alarm on the dead-letter depth.
 */
export class FifoQueueWithDlq extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: FifoQueueWithDlqProps) {
    super(scope, id);
    const common = {
      fifo: true,
      deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    };
    // Named, with the `.fifo` suffix FIFO queues need: CloudFormation adds it to generated names,
    // but emulators (moto) do not. Stack name + id keeps names unique per stage.
    const name = `${Stack.of(this).stackName}-${id}`;
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      ...common,
      queueName: `${name}-dlq.fifo`,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      ...common,
      queueName: `${name}.fifo`,
      visibilityTimeout: props.visibilityTimeout,
      contentBasedDeduplication: props.contentBasedDeduplication,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: `Messages in the dead-letter queue of ${id}: read them with npm run dlq -- list`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
