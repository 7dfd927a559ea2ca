/** Reading and deleting the connections table's items (dynamoConnectionRegistry.ts). */
import { BatchWriteCommand, type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';

export interface PartitionItem {
  sk: string;
  tokenExpiresAt?: unknown;
  patches?: unknown;
  endpoint?: unknown;
}

/** The sort keys (and token expiries, patch flags, endpoints) of one partition, read strongly consistently, page by page. */
export async function* partitionItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
): AsyncIterable<PartitionItem> {
  const pages = paginateQuery(
    { client },
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ProjectionExpression: 'sk, tokenExpiresAt, patches, endpoint',
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      yield {
        sk: item.sk as string,
        tokenExpiresAt: item.tokenExpiresAt,
        patches: item.patches,
        endpoint: item.endpoint,
      };
    }
  }
}

/** Deletes items 25 at a time, retrying what DynamoDB leaves unprocessed. */
export const deleteItems = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly { pk: string; sk: string }[],
): Promise<void> => {
  for (let start = 0; start < keys.length; start += 25) {
    let requests = keys.slice(start, start + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0 && attempt < 8; attempt++) {
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
};
