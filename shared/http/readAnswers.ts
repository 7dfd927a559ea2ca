/**
 * What a GET or HEAD is answered beyond its handler's answer, for every REST handler (composed in
 * composeCairn, so in Lambda and locally alike):
 * - an `If-None-Match` that matches a success's `ETag` is `304 Not Modified`: no body, the tag and
 *   the headers a cache uses (RFC 9110 §15.4.5), none that describe a body;
 * - a HEAD gets the GET's status and headers and an empty body, so the function hands API Gateway
 *   none (the handlers serve HEAD as GET: shared/http/methods.ts).
 * The condition is evaluated where the answer carries an ETag, the resources that support
 * conditional reads (views, pages of views, events, a command's status); elsewhere it is ignored,
 * as a server ignores a conditional it does not support for a resource. Other methods pass as they are.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ifNoneMatchMatches } from './entityTags';
import { headerList } from './request';

type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** What a 304 keeps of the 200 it stands for: the validator and what caches store beside it. */
const KEPT_ON_304 = new Set(['etag', 'cache-control', 'vary', 'expires', 'content-location', 'date']);

const headerOf = (result: APIGatewayProxyResult, name: string): string | undefined => {
  const found = Object.entries(result.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found === undefined ? undefined : String(found[1]);
};

const notModified = (result: APIGatewayProxyResult): APIGatewayProxyResult => ({
  statusCode: 304,
  headers: Object.fromEntries(
    Object.entries(result.headers ?? {}).filter(([name]) => KEPT_ON_304.has(name.toLowerCase())),
  ),
  body: '',
});

/** `handler` with conditional GETs (304) and HEAD answered from the GET's answer. */
export const withReadAnswers =
  (handler: ProxyHandler): ProxyHandler =>
  async (event) => {
    const result = await handler(event);
    const method = event.httpMethod.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return result;
    const etag = headerOf(result, 'etag');
    // §13.2.1: preconditions apply only where the answer without them would be a success.
    const succeeded = result.statusCode >= 200 && result.statusCode < 300;
    if (succeeded && etag !== undefined && ifNoneMatchMatches(headerList(event, 'if-none-match'), etag)) {
      return notModified(result);
    }
    return method === 'HEAD' ? { ...result, body: '', isBase64Encoded: false } : result;
  };
