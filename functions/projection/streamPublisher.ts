import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { commitFromStreamRecord } from '../../shared/adapters/dynamodb/commitStreamRecord';
import type { EventPublisher } from '../../shared/application/eventPublisher';

/**
 * DynamoDB stream → publisher. Records are handled in order; at the first failure, that record and
 * every later one are reported as failed, so Lambda retries from there (records of one shard stay
 * in order, and a commit is never skipped). What was published before the failure may go out
 * again: the queue deduplicates it and the views' version guard ignores it.
 */
export const createStreamPublisher =
  (publisher: EventPublisher, log: (error: unknown) => void = console.error) =>
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const [index, record] of event.Records.entries()) {
      try {
        const commit = commitFromStreamRecord(record);
        if (commit) await publisher.publish(commit);
      } catch (error) {
        log(error);
        return {
          batchItemFailures: event.Records.slice(index).map((failed) => ({
            itemIdentifier: failed.dynamodb?.SequenceNumber ?? '',
          })),
        };
      }
    }
    return { batchItemFailures: [] };
  };
