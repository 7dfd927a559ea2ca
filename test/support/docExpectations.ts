/**
 * The answer comments of a document's commands: `# 200 {"version":1,"data":{…}}, Location: /v1/…`.
 * In the body `"…"` is any value, `{…}` any object, `[…]` any array, and `,…}` more fields than
 * those written (without it an object must have exactly its written fields); `…` inside a string
 * or a header value is any text.
 */
export interface Expected {
  status: number;
  /** The body as written in the comment, with its `…`. */
  body?: string;
  headers: [string, string][];
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Where the JSON value that `text` starts with ends (strings and nesting taken into account). */
const endOfJson = (text: string): number => {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return text.length;
};

/** `# <status> [<json>][, Header: value]...`, or undefined for any other comment. */
export const parseExpected = (comment: string): Expected | undefined => {
  const match = /^\s*#\s*(\d{3})\b\s*(.*)$/.exec(comment);
  if (!match) return undefined;
  let rest = match[2] ?? '';
  let body: string | undefined;
  if (rest.startsWith('{') || rest.startsWith('[')) {
    const end = endOfJson(rest);
    body = rest.slice(0, end);
    rest = rest.slice(end);
  }
  const headers = rest
    .split(/,\s+(?=[A-Za-z][A-Za-z0-9-]*:\s)/)
    .map((part) => /^\s*([A-Za-z][A-Za-z0-9-]*):\s*(.*?)\s*$/.exec(part))
    .filter((found) => found !== null)
    .map((found): [string, string] => [found[1] ?? '', found[2] ?? '']);
  return { status: Number(match[1]), ...(body !== undefined && { body }), headers };
};

const ANY = '…';
const ANY_OBJECT = '…{}';
const ANY_ARRAY = '…[]';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const mismatches = (expected: unknown, actual: unknown, at: string): string[] => {
  if (expected === ANY) return actual === undefined ? [`${at}: missing`] : [];
  if (expected === ANY_OBJECT) return isObject(actual) ? [] : [`${at}: ${JSON.stringify(actual)} is no object`];
  if (expected === ANY_ARRAY) return Array.isArray(actual) ? [] : [`${at}: ${JSON.stringify(actual)} is no array`];
  if (typeof expected === 'string' && expected.includes(ANY)) {
    const pattern = new RegExp(`^${expected.split(ANY).map(escapeRegExp).join('.*')}$`, 's');
    return typeof actual === 'string' && pattern.test(actual) ? [] : [`${at}: ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [`${at}: ${JSON.stringify(actual)} is not ${expected.length} items`];
    }
    return expected.flatMap((item, index) => mismatches(item, actual[index], `${at}[${index}]`));
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return [`${at}: ${JSON.stringify(actual)} is no object`];
    const written = Object.keys(expected).filter((key) => key !== ANY);
    const extra = ANY in expected ? [] : Object.keys(actual).filter((key) => !written.includes(key));
    return [
      ...extra.map((key) => `${at}.${key}: not in the comment`),
      ...written.flatMap((key) => mismatches(expected[key], actual[key], `${at}.${key}`)),
    ];
  }
  return Object.is(expected, actual) ? [] : [`${at}: ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`];
};

/** What differs between the body a comment shows and the body answered (empty: they match). */
export const bodyMismatches = (written: string, answered: string): string[] => {
  const pattern = written
    .replaceAll(`{${ANY}}`, JSON.stringify(ANY_OBJECT))
    .replaceAll(`[${ANY}]`, JSON.stringify(ANY_ARRAY))
    .replaceAll(`,${ANY}}`, `,${JSON.stringify(ANY)}:true}`);
  let expected: unknown;
  let actual: unknown;
  try {
    expected = JSON.parse(pattern);
  } catch {
    return [`the comment's body is not JSON: ${written}`];
  }
  try {
    actual = JSON.parse(answered);
  } catch {
    return [`the answer is not JSON: ${answered}`];
  }
  return mismatches(expected, actual, 'body');
};
