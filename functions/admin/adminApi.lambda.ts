/** Lambda entry: API Gateway REST, the `_admin` area (contexts: list, create, retire). */
import type { APIGatewayProxyHandler } from 'aws-lambda';
import { lambdaCairn } from '#runtime/lambdaCairn';

const api = lambdaCairn.adminApi();

export const handler: APIGatewayProxyHandler = (event) => api(event);
