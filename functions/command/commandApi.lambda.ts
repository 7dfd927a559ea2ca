/** Lambda entry: API Gateway REST (commands, their status, an aggregate's events, `/health`). */
import type { APIGatewayProxyHandler } from 'aws-lambda';
import { lambdaCairn } from '#runtime/lambdaCairn';

const api = lambdaCairn.commandApi();

export const handler: APIGatewayProxyHandler = (event) => api(event);
