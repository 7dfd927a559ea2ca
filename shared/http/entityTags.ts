/**
 * Entity tags (RFC 9110 §8.8.3) and the `If-None-Match` precondition (§13.1.2), for the conditional
 * reads of readAnswers.ts: parse the field, compare weakly, and tag a body by its content.
 */
import { createHash } from 'node:crypto';

export interface EntityTag {
  weak: boolean;
  /** The quoted part, quotes included: `"3"` for both `"3"` and `W/"3"`. */
  opaque: string;
}

// entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text. A comma is an
// etagc, so a list is read tag by tag (sticky), never split on commas.
const TAG = /[ \t]*(W\/)?("[\x21\x23-\x7E\x80-\xFF]*")[ \t]*/y;
const SEPARATOR = /[ \t]*,[ \t]*/y;

/**
 * The tags of an `If-None-Match` (or `If-Match`) field: `*`, the listed tags, or undefined when the
 * field is absent or malformed. A malformed field is ignored, not refused: answering in full is
 * always correct, and a client that sends `3` for `"3"` still gets its view.
 */
export const parseEntityTags = (field: string | undefined): '*' | EntityTag[] | undefined => {
  if (field === undefined) return undefined;
  const text = field.trim();
  if (text === '*') return '*';
  const tags: EntityTag[] = [];
  let at = 0;
  const skip = (pattern: RegExp): boolean => {
    pattern.lastIndex = at;
    if (!pattern.exec(text)) return false;
    at = pattern.lastIndex;
    return true;
  };
  while (at < text.length) {
    while (skip(SEPARATOR)); // empty list elements are allowed (§5.6.1): `, "1",, "2"`
    if (at >= text.length) break;
    TAG.lastIndex = at;
    const match = TAG.exec(text);
    if (!match?.[2]) return undefined;
    tags.push({ weak: match[1] !== undefined, opaque: match[2] });
    at = TAG.lastIndex;
    if (at < text.length && !skip(SEPARATOR)) return undefined;
  }
  return tags.length > 0 ? tags : undefined;
};

/**
 * Whether `If-None-Match` matches the current representation, whose tag is `current` (`"3"` or
 * `W/"3"`): `*` matches any, a list matches when one of its tags is weakly equal to it (the opaque
 * parts equal, `W/` on either side or not), as §13.1.2 prescribes for this field.
 */
export const ifNoneMatchMatches = (field: string | undefined, current: string): boolean => {
  const tags = parseEntityTags(field);
  if (tags === undefined) return false;
  if (tags === '*') return true;
  const own = parseEntityTags(current);
  const tag = Array.isArray(own) && own.length === 1 ? own[0] : undefined;
  return tag !== undefined && tags.some((candidate) => candidate.opaque === tag.opaque);
};

/**
 * A strong tag for a body that has no version of its own (a page of views, a command's status):
 * a digest of its exact bytes, so equal tags mean equal bodies and any change changes the tag.
 */
export const contentTag = (body: string): string =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
