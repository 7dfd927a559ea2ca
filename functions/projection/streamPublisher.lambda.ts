/** Lambda entry: the events table's DynamoDB stream → projection queue + EventBridge, and each commit's followers. */
import type { DynamoDBStreamHandler } from 'aws-lambda';
import { lambdaCairn } from '#runtime/lambdaCairn';

const publish = lambdaCairn.streamPublisher();

export const handler: DynamoDBStreamHandler = (event) => publish(event);
