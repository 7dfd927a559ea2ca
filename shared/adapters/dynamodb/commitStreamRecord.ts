import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { PublishedCommit } from '../../application/eventPublisher';
import * as z from '../../core/zod';
import { versionEvents } from '../../ports/eventStore';

/** The commit item as DynamoEventStore writes it (one item per commit; see dynamoEventStore.ts). */
const commitItemSchema = z.object({
  pk: z.string().check(z.minLength(1)),
  sk: z.int().check(z.nonnegative()),
  events: z.array(z.object({ type: z.string().check(z.minLength(1)), data: z.unknown() })).check(z.minLength(1)),
  committedAt: z.string(),
});

/**
 * A DynamoDB stream record's new image → the commit it holds, or undefined for items that are not
 * commits (snapshots at sort key -1, which are written and overwritten beside the stream). Commits
 * are only ever inserted, so only INSERT records carry events.
 */
export const commitFromStreamRecord = (record: {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown> };
}): PublishedCommit | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (typeof item.sk === 'number' && item.sk < 0) return undefined;
  const commit = commitItemSchema.parse(item);
  return {
    streamKey: commit.pk,
    committedAt: commit.committedAt,
    events: versionEvents(commit.sk, commit.events),
  };
};
