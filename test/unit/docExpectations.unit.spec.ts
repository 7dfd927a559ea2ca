/**
 * The answer comments the README's commands are checked against (`# 200 {...}, Header: value`):
 * how they are read, and what `…` lets through.
 */
import { describe, expect, it } from 'vitest';
import { bodyMismatches, parseExpected } from '../support/docExpectations';

describe('an answer comment', () => {
  it('reads the status, the body and the headers after it', () => {
    expect(parseExpected('# 202 {"commandId":"…","status":"accepted"}, Location: /v1/default/commands/…')).toEqual({
      status: 202,
      body: '{"commandId":"…","status":"accepted"}',
      headers: [['Location', '/v1/default/commands/…']],
    });
    expect(parseExpected('# 200 {"a":"x, B: y"}, Preference-Applied: respond-async, wait=5, ETag: "4"')).toEqual({
      status: 200,
      body: '{"a":"x, B: y"}',
      headers: [
        ['Preference-Applied', 'respond-async, wait=5'],
        ['ETag', '"4"'],
      ],
    });
    expect(parseExpected('# rebuild a projection')).toBeUndefined();
  });

  it('matches exactly the fields written, unless it ends with …', () => {
    expect(bodyMismatches('{"a":1,"b":"x"}', '{"a":1,"b":"x"}')).toEqual([]);
    expect(bodyMismatches('{"a":1}', '{"a":1,"b":2}')).toEqual(['body.b: not in the comment']);
    expect(bodyMismatches('{"a":1,…}', '{"a":1,"b":2}')).toEqual([]);
    expect(bodyMismatches('{"a":2,…}', '{"a":1,"b":2}')).toEqual(['body.a: 1, not 2']);
  });

  it('takes … for any value, {…} for any object, […] for any array, and … within a string for any text', () => {
    const answer = '{"id":"c-1","data":{"x":1},"items":[1,2],"at":"/v1/c/commands/c-1"}';
    expect(bodyMismatches('{"id":"…","data":{…},"items":[…],"at":"/v1/c/commands/…"}', answer)).toEqual([]);
    expect(bodyMismatches('{"id":"…","data":[…],"items":{…},"at":"/v2/…"}', answer)).toHaveLength(3);
    expect(bodyMismatches('{"id":"…"}', '{}')).toEqual(['body.id: missing']);
  });

  it('compares arrays item by item, and says when an answer is not JSON', () => {
    expect(bodyMismatches('[{"t":"A",…},{"t":"B"}]', '[{"t":"A","v":1},{"t":"B"}]')).toEqual([]);
    expect(bodyMismatches('[{"t":"A"}]', '[{"t":"A"},{"t":"B"}]')).toHaveLength(1);
    expect(bodyMismatches('{"a":1}', 'not json')).toEqual(['the answer is not JSON: not json']);
  });
});
