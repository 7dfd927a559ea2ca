import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ChangedSinceQuery, changePositionOf, parseChangePosition, type ViewPage } from '#ports/readModelStore';
import { fromItem } from './viewItems';

/** BatchGetItem takes at most 100 keys. */
const BATCH_GET_MAX = 100;
const MAX_BATCH_ROUNDS = 8;

/**
 * A page of a partition's views changed since a time: one Query on the `changed` index (keys
 * only, eventually consistent, as every global index) in `updatedAt` order, then the views
 * themselves with strongly consistent BatchGetItem, in the index's order. A view changed again in
 * between comes as it is now, which is newer still.
 */
export const changedViews = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  query: ChangedSinceQuery,
): Promise<ViewPage> => {
  const after = query.after === undefined ? undefined : parseChangePosition(query.after);
  const { Items = [], LastEvaluatedKey } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'changed',
      KeyConditionExpression: 'pk = :pk AND updatedAt >= :since',
      ExpressionAttributeValues: { ':pk': pk, ':since': query.since },
      ...(after && { ExclusiveStartKey: { pk, sk: after.key, updatedAt: after.updatedAt } }),
      Limit: query.limit + 1,
    }),
  );
  const keys = Items.slice(0, query.limit).map((item) => item.sk as string);
  const found = await getAll(client, tableName, pk, keys);
  const views = keys.flatMap((key) => {
    const item = found.get(key);
    return item ? [fromItem(item)] : [];
  });
  const more = Items.length > query.limit || LastEvaluatedKey !== undefined;
  const last = Items[Math.min(query.limit, Items.length) - 1];
  return more && last
    ? { views, next: changePositionOf({ updatedAt: last.updatedAt as string, key: last.sk as string }) }
    : { views };
};

/** The items of `keys`, by key, retrying what DynamoDB leaves unprocessed. */
const getAll = async (client: DynamoDBDocumentClient, tableName: string, pk: string, keys: readonly string[]) => {
  const found = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < keys.length; start += BATCH_GET_MAX) {
    let pending: Record<string, unknown>[] = keys.slice(start, start + BATCH_GET_MAX).map((sk) => ({ pk, sk }));
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_BATCH_ROUNDS) throw new Error(`BatchGetItem left ${pending.length} views unread`);
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** round));
      const { Responses, UnprocessedKeys } = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of Responses?.[tableName] ?? []) found.set(item.sk as string, item);
      pending = (UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
};
