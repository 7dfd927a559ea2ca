/**
 * Preparing long streams fast: items written 25 to a BatchWriteItem, a few batches at a time,
 * unprocessed items sent again. One conditional write per event would take minutes on DynamoDB
 * Local for 10,000 events; the items are the ones each system's own code builds (see callers).
 */
import { type AttributeValue, BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { runLoad } from '../load';

export type StoredItem = Record<string, AttributeValue>;

const BATCH = 25;

export const batchPut = async (client: DynamoDBClient, tableName: string, items: readonly StoredItem[]) => {
  const batches: StoredItem[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  await runLoad(batches.length, 4, async (b) => {
    let requests = (batches[b] ?? []).map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; requests.length > 0; round++) {
      if (round > 20) throw new Error(`BatchWriteItem on ${tableName} kept items unprocessed`);
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 10 * round));
      const { UnprocessedItems } = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.PutRequest?.Item ? [{ PutRequest: { Item: request.PutRequest.Item } }] : [],
      );
    }
  });
};

/** A document-client item (plain JS values) as stored, marshalled as Cairn's document client does. */
export const marshallDocument = (item: Record<string, unknown>): StoredItem =>
  marshall(item, { removeUndefinedValues: true });
