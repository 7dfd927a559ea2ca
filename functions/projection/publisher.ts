/** Lambda entry point: the event store's DynamoDB stream → projection queue + EventBridge. */
import type { DynamoDBStreamHandler } from 'aws-lambda';
import { EventPublisher } from '../../shared/application/eventPublisher';
import { awsPublishTargetsFromEnv } from '../../shared/runtime/adapters';
import { createStreamPublisher } from './streamPublisher';

const targets = awsPublishTargetsFromEnv();
const publish = createStreamPublisher(new EventPublisher({ queue: targets.projectionQueue, bus: targets.bus }));

export const handler: DynamoDBStreamHandler = (event) => publish(event);
