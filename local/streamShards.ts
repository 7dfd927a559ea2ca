import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, type DynamoDBStreamsClient, type Shard } from '@aws-sdk/client-dynamodb-streams';
import { pause } from './shardReader';

/** The table's stream ARN, asked again every second until it answers (or `signal` aborts: undefined). */
export const streamArnOf = async (
  dynamo: DynamoDBClient,
  tableName: string,
  signal: AbortSignal,
  report: (error: unknown) => void,
): Promise<string | undefined> => {
  while (!signal.aborted) {
    try {
      const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.LatestStreamArn) return Table.LatestStreamArn;
      report(new Error(`Table ${tableName} has no stream`));
    } catch (error) {
      report(error);
    }
    await pause(1000, signal);
  }
  return undefined;
};

/** Every shard of the stream, open and closed (a stream keeps closed shards for its 24-hour retention), page by page. */
export const describeShards = async (streams: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> => {
  const shards: Shard[] = [];
  let after: string | undefined;
  do {
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: after }),
    );
    shards.push(...(StreamDescription?.Shards ?? []));
    after = StreamDescription?.LastEvaluatedShardId;
  } while (after);
  return shards;
};
