import type { APIGatewayProxyEvent } from 'aws-lambda';

/** A minimal API Gateway REST proxy event, as API Gateway would send it. */
export const apiEvent = (
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; query?: Record<string, string> } = {},
): APIGatewayProxyEvent =>
  ({
    httpMethod: method,
    path,
    resource: '/{proxy+}',
    headers: { 'Content-Type': 'application/json', ...options.headers },
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: options.body ?? null,
    isBase64Encoded: false,
    requestContext: {} as APIGatewayProxyEvent['requestContext'],
  }) as APIGatewayProxyEvent;

export const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  apiEvent('POST', path, { body: typeof body === 'string' ? body : JSON.stringify(body), headers });
