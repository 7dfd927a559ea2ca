/** Lambda entry: API Gateway REST `GET /v1/{context}/views/{projection}/{key}`. */
import type { APIGatewayProxyHandler } from 'aws-lambda';
import { lambdaCairn } from '#runtime/lambdaCairn';

const api = lambdaCairn.queryApi();

export const handler: APIGatewayProxyHandler = (event) => api(event);
