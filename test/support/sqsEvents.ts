import type { SQSEvent } from 'aws-lambda';

/** An SQS FIFO batch as Lambda's event source mapping delivers it. */
export const sqsEvent = (bodies: { id: string; group: string; body: unknown; receiveCount?: number }[]): SQSEvent => ({
  Records: bodies.map(({ id, group, body, receiveCount }) => ({
    messageId: id,
    receiptHandle: id,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(receiveCount ?? 1),
      SentTimestamp: '0',
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: '0',
      MessageGroupId: group,
      MessageDeduplicationId: id,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:queue.fifo',
    awsRegion: 'us-east-1',
  })),
});
