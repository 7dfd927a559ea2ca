import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { commitFromStreamRecord } from '../../shared/adapters/dynamodb/commitStreamRecord';
import { type CommitFollowers, commitHandler } from '../../shared/application/commitFollowers';
import type { EventPublisher } from '../../shared/application/eventPublisher';

/**
 * DynamoDB stream → publisher, and beside it what follows a commit off the command's path (its
 * command record, a snapshot when due: see commitFollowers.ts). Records are handled in order; at
 * the first failure, that record and every later one are reported as failed, so Lambda retries from there (records of one shard stay
 * in order, and a commit is never skipped). What was published before the failure may go out
 * again: the queue deduplicates it and the views' version guard ignores it.
 */
export const createStreamPublisher =
  (publisher: EventPublisher, log: (error: unknown) => void = console.error, followers?: CommitFollowers) =>
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const handle = commitHandler(publisher, followers);
    for (const [index, record] of event.Records.entries()) {
      try {
        const commit = commitFromStreamRecord(record);
        if (commit) await handle(commit);
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
