import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '#core/errors';
import { contentTag, ifNoneMatchMatches, parseEntityTags } from '#http/entityTags';
import { requireMethod } from '#http/methods';
import { withReadAnswers } from '#http/readAnswers';
import { errorResponse } from '#http/responses';
import { apiEvent } from '../support/apiEvents';

describe('entity tags (RFC 9110 §8.8.3)', () => {
  it('parses *, one tag, lists, weak tags, empty elements and commas inside a tag', () => {
    expect(parseEntityTags('*')).toBe('*');
    expect(parseEntityTags(' "3" ')).toEqual([{ weak: false, opaque: '"3"' }]);
    expect(parseEntityTags('W/"3"')).toEqual([{ weak: true, opaque: '"3"' }]);
    expect(parseEntityTags('"1", W/"2" ,"3"')).toEqual([
      { weak: false, opaque: '"1"' },
      { weak: true, opaque: '"2"' },
      { weak: false, opaque: '"3"' },
    ]);
    expect(parseEntityTags(', "1",, "2",')).toEqual([
      { weak: false, opaque: '"1"' },
      { weak: false, opaque: '"2"' },
    ]);
    expect(parseEntityTags('"a,b", "c"')).toEqual([
      { weak: false, opaque: '"a,b"' },
      { weak: false, opaque: '"c"' },
    ]);
    expect(parseEntityTags('""')).toEqual([{ weak: false, opaque: '""' }]);
  });

  it('reads a malformed field as absent: unquoted, lower-case w/, junk between tags, * in a list, a quote inside', () => {
    for (const field of ['3', 'w/"3"', '"3" "4"', '"3", *', '*, "3"', '"a"b"', '"3', '', ' , ', 'W/ "3"']) {
      expect(parseEntityTags(field), field).toBeUndefined();
    }
    expect(parseEntityTags(undefined)).toBeUndefined();
  });

  it('matches If-None-Match by weak comparison: W/ on either side is the same tag, * matches anything', () => {
    expect(ifNoneMatchMatches('"3"', '"3"')).toBe(true);
    expect(ifNoneMatchMatches('W/"3"', '"3"')).toBe(true);
    expect(ifNoneMatchMatches('"3"', 'W/"3"')).toBe(true);
    expect(ifNoneMatchMatches('"1", "2", W/"3"', '"3"')).toBe(true);
    expect(ifNoneMatchMatches('*', '"3"')).toBe(true);
    expect(ifNoneMatchMatches('"2"', '"3"')).toBe(false);
    expect(ifNoneMatchMatches('"30"', '"3"')).toBe(false);
    expect(ifNoneMatchMatches('3', '"3"')).toBe(false); // unquoted: no tag at all
    expect(ifNoneMatchMatches(undefined, '"3"')).toBe(false);
  });

  it('tags content by its digest: equal bodies equal tags, any change another tag', () => {
    const tag = contentTag('{"items":[]}');
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(contentTag('{"items":[]}')).toBe(tag);
    expect(contentTag('{"items":[ ]}')).not.toBe(tag);
  });
});

const answer = (statusCode: number, headers: Record<string, string>, body = '{"key":"a"}'): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body,
});

describe('GET and HEAD answers (readAnswers.ts)', () => {
  const served = (result: APIGatewayProxyResult) => withReadAnswers(async () => result);

  it('answers 304 with the ETag and the caching headers, no body, when If-None-Match is current', async () => {
    const view = served(answer(200, { etag: '"3"', vary: 'Origin', 'x-cairn-attempts': '1' }));
    for (const [method, field] of [
      ['GET', '"3"'],
      ['GET', 'W/"3"'],
      ['HEAD', '"1", "3"'],
      ['GET', '*'],
    ]) {
      const result = await view(
        apiEvent(method ?? 'GET', '/v1/default/views/todoList/a', { headers: { 'If-None-Match': field ?? '' } }),
      );
      expect(result, `${method} ${field}`).toEqual({
        statusCode: 304,
        headers: { etag: '"3"', 'cache-control': 'no-store', vary: 'Origin' },
        body: '',
      });
    }
  });

  it('answers in full for a stale tag, and reads a list sent as several field lines', async () => {
    const view = served(answer(200, { etag: '"3"' }));
    const stale = await view(apiEvent('GET', '/x', { headers: { 'If-None-Match': '"2"' } }));
    expect([stale.statusCode, stale.body]).toEqual([200, '{"key":"a"}']);
    const lines = { ...apiEvent('GET', '/x'), multiValueHeaders: { 'If-None-Match': ['"1"', '"3"'] } };
    expect((await view(lines)).statusCode).toBe(304);
  });

  it('ignores the condition on an answer without an ETag, on a refusal, and on other methods', async () => {
    const headers = { headers: { 'If-None-Match': '*' } };
    expect((await served(answer(200, {}))(apiEvent('GET', '/health', headers))).statusCode).toBe(200);
    expect((await served(answer(404, { etag: '"3"' }))(apiEvent('GET', '/x', headers))).statusCode).toBe(404);
    expect((await served(answer(200, { etag: '"3"' }))(apiEvent('POST', '/x', headers))).statusCode).toBe(200);
  });

  it("answers HEAD with the GET's status and headers and an empty body, refusals included", async () => {
    const ok = await served(answer(200, { etag: '"3"' }))(apiEvent('HEAD', '/x'));
    expect(ok).toEqual({ ...answer(200, { etag: '"3"' }), body: '', isBase64Encoded: false });
    const missing = await served(answer(404, {}, '{"error":{}}'))(apiEvent('HEAD', '/x'));
    expect([missing.statusCode, missing.body]).toEqual([404, '']);
  });
});

/** The answer a handler gives for the refusal `refusal` must end in. */
const answerTo = (refusal: Promise<unknown>) =>
  refusal.then(
    () => expect.unreachable('refused'),
    (error: unknown) => errorResponse(error, () => {}),
  );

describe('methods checked against the route table (methods.ts)', () => {
  it('serves HEAD as GET where GET is, and answers any other method 405 with the route’s methods in Allow', async () => {
    const path = '/v1/{context}/views/{projection}/{key}';
    expect(await requireMethod(apiEvent('HEAD', '/v1/d/views/p/k'), path)).toBe('GET');
    expect(await requireMethod(apiEvent('GET', '/v1/d/views/p/k'), path)).toBe('GET');
    const refused = await answerTo(requireMethod(apiEvent('DELETE', '/v1/d/views/p/k'), path));
    expect([refused.statusCode, refused.headers?.allow]).toEqual([405, 'GET, HEAD, OPTIONS']);
    const contexts = await answerTo(requireMethod(apiEvent('PUT', '/v1/_admin/contexts'), '/v1/_admin/contexts'));
    expect(contexts.headers?.allow).toBe('GET, HEAD, POST, OPTIONS');
  });

  it('checks the token before the method on a route behind the authorizer, as ANY behind the authorizer does', async () => {
    const refuse = async () => {
      throw new UnauthenticatedError('Send Authorization: Bearer <token>');
    };
    const behind = await answerTo(requireMethod(apiEvent('PUT', '/v1/d/commands'), '/v1/{context}/commands', refuse));
    expect([behind.statusCode, behind.headers?.['www-authenticate']]).toEqual([401, 'Bearer realm="cairn"']);
    const open = await answerTo(requireMethod(apiEvent('PUT', '/health'), '/health', refuse));
    expect(open.statusCode).toBe(405);
  });
});
