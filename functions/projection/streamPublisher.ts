import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { commitFromStreamRecord } from '../../shared/adapters/dynamodb/commitStreamRecord';
import { mapBounded } from '../../shared/application/boundedConcurrency';
import type { CommitFollowers } from '../../shared/application/commitFollowers';
import type { EventPublisher } from '../../shared/application/eventPublisher';
import type { Commit } from '../../shared/ports/eventStore';

/** Commits followed at once: their records and snapshots are independent of each other. */
const FOLLOW_CONCURRENCY = 8;

/**
 * DynamoDB stream → publisher, then what follows each commit off the command's path (its command
 * record, a snapshot when due: see commitFollowers.ts). Commits are published one by one, in
 * order; the batch's followers then run side by side (order does not matter to them). At the
 * first failure of either kind, that record and every later one are reported as failed, so Lambda
 * retries from there (records of one shard stay in order, and a commit is never skipped). What
 * was published or followed before the failure may be again: the queue deduplicates, the views'
 * version guard ignores, and the followers' writes are conditional.
 */
export const createStreamPublisher =
  (publisher: EventPublisher, log: (error: unknown) => void = console.error, followers?: CommitFollowers) =>
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const published: { index: number; commit: Commit }[] = [];
    let failedAt = event.Records.length;
    for (const [index, record] of event.Records.entries()) {
      try {
        const commit = commitFromStreamRecord(record);
        if (!commit) continue;
        await publisher.publish(commit);
        published.push({ index, commit });
      } catch (error) {
        log(error);
        failedAt = index;
        break;
      }
    }
    if (followers) {
      const outcomes = await mapBounded(published, FOLLOW_CONCURRENCY, ({ commit }) =>
        followers.follow(commit).then(
          () => undefined,
          (error: unknown) => error,
        ),
      );
      for (const [i, error] of outcomes.entries()) {
        const index = published[i]?.index ?? failedAt;
        if (error !== undefined && index < failedAt) {
          log(error);
          failedAt = index;
        }
      }
    }
    return {
      batchItemFailures: event.Records.slice(failedAt).map((failed) => ({
        itemIdentifier: failed.dynamodb?.SequenceNumber ?? '',
      })),
    };
  };
