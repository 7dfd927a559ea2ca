/**
 * What went wrong with a command, in words: the API's error (its stable `code`, and for a
 * validation failure the `fields` at fault) turned into a sentence, with the form field to point
 * at. Pure: no DOM, so its wording is unit-tested.
 */

/** The `error` of a command's answer: `{ code, message, ...details }`. */
export interface ApiError {
  code: string;
  message: string;
  [detail: string]: unknown;
}

export interface Problem {
  /** What happened and what to do, for anyone. */
  text: string;
  /** The payload field at fault (`title`, `text`, `priority`), when the API named one. */
  field?: string;
  /** The code (and field path) as the API gave them, for developers reading along. */
  detail?: string;
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  title: 'The title',
  text: 'The todo',
  priority: 'The priority',
  todoId: "The todo's id",
};

/**
 * The API names the field but words its rule in the schema library's English (`Too small:
 * expected string to have >=1 characters`); the rules the demo's fields can break are reworded.
 */
const ruleInWords = (message: string): string => {
  const tooShort = /^Too small: expected string to have >=(\d+) character/.exec(message);
  if (tooShort)
    return tooShort[1] === '1'
      ? 'cannot be empty (spaces alone do not count)'
      : `needs ${tooShort[1]} characters at least`;
  const tooLong = /^Too big: expected string to have <=(\d+) character/.exec(message);
  if (tooLong) return `is too long: ${tooLong[1]} characters at most`;
  const option = /^Invalid option: expected one of (.+)$/.exec(message);
  if (option?.[1]) return `must be one of ${option[1].replaceAll('"', '').split('|').join(', ')}`;
  return `is not accepted (${message})`;
};

interface FieldIssue {
  path: string;
  message: string;
}

const fieldIssues = (error: ApiError): FieldIssue[] =>
  Array.isArray(error.fields)
    ? error.fields.filter(
        (issue): issue is FieldIssue => typeof issue?.path === 'string' && typeof issue?.message === 'string',
      )
    : [];

const validation = (error: ApiError): Problem => {
  const issues = fieldIssues(error);
  const first = issues[0];
  if (!first) return { text: `The runtime refused what was sent: ${error.message}.`, detail: error.code };
  const field = first.path.replace(/^payload\./, '');
  const sentences = issues.map((issue) => {
    const name = issue.path.replace(/^payload\./, '');
    return `${FIELD_NAMES[name] ?? `The field '${name}'`} ${ruleInWords(issue.message)}.`;
  });
  return { text: sentences.join(' '), field, detail: `${error.code} · ${first.path}` };
};

const conflict = (error: ApiError): string => {
  if (error.retryable === true) return 'This list is busy with other changes right now. Try again in a moment.';
  const { currentVersion, expectedVersion } = error;
  const versions =
    typeof currentVersion === 'number' && typeof expectedVersion === 'number'
      ? ` (it is at version ${currentVersion} now; you were looking at version ${expectedVersion})`
      : '';
  return `Someone else changed this list while you were at it${versions}. Look it over, then try again.`;
};

/** The sentence for each code the demo's commands can meet; the API's own message otherwise. */
const sentenceFor = (error: ApiError, context: string): string => {
  switch (error.code) {
    case 'VERSION_CONFLICT':
      return conflict(error);
    case 'UNAUTHENTICATED':
    case 'TOKEN_EXPIRED':
      return 'Not signed in: the runtime asks for a token, and this page has none or it has expired. Reload the page.';
    case 'FORBIDDEN':
      return `Your token does not allow this in context '${context}': changing lists needs the writer role there.`;
    case 'LIST_ARCHIVED':
      return 'This list is archived: it can no longer be changed.';
    case 'NOT_FOUND':
      return 'This list does not exist in this context.';
    case 'ALREADY_EXISTS':
      return 'A list with this id exists already; try again.';
    case 'TODO_NOT_FOUND':
      return 'That todo is gone: it was removed, perhaps in another window.';
    case 'TODO_ALREADY_EXISTS':
      return 'A todo with this id exists already; try again.';
    case 'TODO_ALREADY_COMPLETED':
      return 'That todo is done already, perhaps from another window.';
    case 'TODO_NOT_COMPLETED':
      return 'That todo is open already, perhaps from another window.';
    case 'THROTTLED':
      return 'Too many changes at once: wait a second, then try again.';
    case 'PAYLOAD_TOO_LARGE':
      return 'That is too large to send.';
    case 'UNKNOWN_CONTEXT':
      return `This runtime serves no context '${context}'.`;
    default:
      return `The runtime refused this: ${error.message}`;
  }
};

export const describeProblem = (error: ApiError, context: string): Problem =>
  error.code === 'VALIDATION_FAILED' ? validation(error) : { text: sentenceFor(error, context), detail: error.code };

/**
 * A command that got no answer: not sent (no connection), or sent and the connection closed
 * before the answer came (it may have been done; the view says so once the page reconnects).
 */
export const unanswered = (sent: boolean): Problem => ({
  text: sent
    ? 'The connection to the runtime dropped before it answered: the change may or may not have been made. It shows here once the page reconnects.'
    : 'Cannot reach the runtime, so nothing was sent. Try again once the badge says Live.',
});
