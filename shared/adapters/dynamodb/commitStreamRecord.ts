import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from '#core/zod';
import type { Commit } from '#ports/eventStore';
import { type CommitItem, commitOfItem } from './dynamoEventStore';

/** The commit item as DynamoEventStore writes it (one item per commit; see dynamoEventStore.ts). */
const commitItemSchema = z.object({
  pk: z.string().check(z.minLength(1)),
  sk: z.int().check(z.nonnegative()),
  last: z.optional(z.int()),
  // `schemaVersion` is absent on items written before it was stored (z.object drops unlisted fields).
  events: z
    .array(
      z.object({
        type: z.string().check(z.minLength(1)),
        schemaVersion: z.optional(z.int().check(z.positive())),
        data: z.unknown(),
      }),
    )
    .check(z.minLength(1)),
  commandId: z.optional(z.string()),
  fp: z.optional(z.string()),
  committedAt: z.string(),
});

/**
 * A DynamoDB stream record's new image → the commit it holds, or undefined for records that are
 * not new commits. Commits are only ever inserted, so only INSERT records carry events; items
 * with a negative sort key (snapshots, kept beside the commits by earlier versions) are skipped.
 */
export const commitFromStreamRecord = (record: {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown> };
}): Commit | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (typeof item.sk === 'number' && item.sk < 0) return undefined;
  return commitOfItem(commitItemSchema.parse(item) as CommitItem);
};
