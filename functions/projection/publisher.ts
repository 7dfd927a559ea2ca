/**
 * Lambda entry point: the event store's DynamoDB stream → projection queue + EventBridge, and the
 * commit's followers (command record, snapshot).
 */
import type { DynamoDBStreamHandler } from 'aws-lambda';
import { CommitFollowers } from '../../shared/application/commitFollowers';
import { EventPublisher } from '../../shared/application/eventPublisher';
import { sampleDomain } from '../../shared/domain';
import { awsCommitFollowerAdaptersFromEnv, awsPublishTargetsFromEnv } from '../../shared/runtime/adapters';
import { createStreamPublisher } from './streamPublisher';

const targets = awsPublishTargetsFromEnv();
const followers = new CommitFollowers({
  registry: sampleDomain.aggregates,
  ...awsCommitFollowerAdaptersFromEnv(),
  onSnapshotError: (error) => console.warn('snapshot write failed', error),
});
const publish = createStreamPublisher(
  new EventPublisher({ queue: targets.projectionQueue, bus: targets.bus }),
  console.error,
  followers,
);

export const handler: DynamoDBStreamHandler = (event) => publish(event);
