import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { CommitFollowers } from '#application/commitFollowers';
import type { EventPublisher } from '#application/eventPublisher';
import type { Commit } from '#ports/eventStore';

/** Commits followed at once: their records and snapshots are independent of each other. */
const FOLLOW_CONCURRENCY = 8;

/**
 * DynamoDB stream → publisher, then what follows each commit off the command's path (its command
 * record, a snapshot when due: see commitFollowers.ts). Commits are published one by one, in
 * order; their followers run side by side with that (order does not matter to them). At the
 * first failure of either kind, that record and every later one are reported as failed, so Lambda
 * retries from there (records of one shard stay in order, and a commit is never skipped). What
 * was published or followed before the failure may be again: the queue deduplicates, the views'
 * version guard ignores, and the followers' writes are conditional.
 */
export const createStreamPublisher =
  (
    /** The commit a stream record carries (the DynamoDB adapter's item format), or undefined for others. */
    commitOf: (record: DynamoDBRecord) => Commit | undefined,
    publisher: EventPublisher,
    log: (error: unknown) => void,
    followers?: CommitFollowers,
  ) =>
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    let failedAt = event.Records.length;
    // Each published commit's follow starts at once and runs beside the next publishes, at most
    // FOLLOW_CONCURRENCY at a time; a follow's failure is remembered by its record's index.
    const following = new Set<Promise<void>>();
    const follow = (index: number, commit: Commit) => {
      const done: Promise<void> = (followers as CommitFollowers)
        .follow(commit)
        .catch((error: unknown) => {
          log(error);
          failedAt = Math.min(failedAt, index);
        })
        .finally(() => following.delete(done));
      following.add(done);
    };
    for (const [index, record] of event.Records.entries()) {
      if (index >= failedAt) break;
      try {
        const commit = commitOf(record);
        if (!commit) continue;
        await publisher.publish(commit);
        if (!followers) continue;
        while (following.size >= FOLLOW_CONCURRENCY) await Promise.race(following);
        follow(index, commit);
      } catch (error) {
        log(error);
        failedAt = Math.min(failedAt, index);
        break;
      }
    }
    await Promise.all(following);
    return {
      batchItemFailures: event.Records.slice(failedAt).map((failed) => ({
        itemIdentifier: failed.dynamodb?.SequenceNumber ?? '',
      })),
    };
  };
