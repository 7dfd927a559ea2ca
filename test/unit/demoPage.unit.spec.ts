/**
 * The demo page's decisions that need no browser: what a refused command says (web/demo/problems.ts),
 * from the errors the runtime really produces, and the state it shows when its socket will not
 * open (web/demo/connection.ts).
 */
import { describe, expect, it } from 'vitest';
import { validateCommand } from '#application/commandValidation';
import { isCairnError, VersionConflictError } from '#core/errors';
import { sampleDomain } from '#domain/index';
import { ConnectionWatch, type PageState, type Probe } from '../../web/demo/connection';
import { type ApiError, describeProblem } from '../../web/demo/problems';

/** The error body the runtime answers for this command: validated by the runtime's own code. */
const refusal = (type: string, payload: unknown): ApiError => {
  const request = { context: 'default', commandId: 'c1', type, aggregateId: 'l1', payload, issuedAt: '' };
  try {
    validateCommand(sampleDomain.aggregates, request);
  } catch (error) {
    if (isCairnError(error)) return error.toJSON();
  }
  throw new Error(`${type} ${JSON.stringify(payload)} was not refused`);
};

describe('a refused command, in words', () => {
  it('names the field the runtime refused, and its rule', () => {
    expect(describeProblem(refusal('AddTodo', { todoId: 't1', text: '   ' }), 'default')).toEqual({
      text: 'The todo cannot be empty (spaces alone do not count).',
      field: 'text',
      detail: 'VALIDATION_FAILED · payload.text',
    });
    expect(describeProblem(refusal('CreateTodoList', { title: 'x'.repeat(201) }), 'default')).toMatchObject({
      text: 'The title is too long: 200 characters at most.',
      field: 'title',
    });
    expect(describeProblem(refusal('AddTodo', { todoId: 't1', text: 'a', priority: 'urgent' }), 'd')).toMatchObject({
      text: 'The priority must be one of low, normal, high.',
      field: 'priority',
    });
  });

  it('says what the API said when it names no field', () => {
    const problem = describeProblem({ code: 'VALIDATION_FAILED', message: 'Invalid payload for AddTodo' }, 'default');
    expect(problem).toEqual({
      text: 'The runtime refused what was sent: Invalid payload for AddTodo.',
      detail: 'VALIDATION_FAILED',
    });
  });

  it('explains a version conflict with the versions, and a contended list as busy', () => {
    expect(describeProblem(new VersionConflictError(7, 5).toJSON(), 'default').text).toBe(
      'Someone else changed this list while you were at it (it is at version 7 now; you were looking at version 5). Look it over, then try again.',
    );
    const contended = { code: 'VERSION_CONFLICT', message: 'Gave up', currentVersion: 7, retryable: true };
    expect(describeProblem(contended, 'default').text).toBe(
      'This list is busy with other changes right now. Try again in a moment.',
    );
  });

  it('explains a refused token, and never shows a bare code as the message', () => {
    expect(describeProblem({ code: 'FORBIDDEN', message: "'ro' is reader in 'shop'" }, 'shop').text).toBe(
      "Your token does not allow this in context 'shop': changing lists needs the writer role there.",
    );
    expect(describeProblem({ code: 'UNAUTHENTICATED', message: 'Send a token' }, 'shop').text).toMatch(
      /^Not signed in/,
    );
    expect(describeProblem({ code: 'SOMETHING_NEW', message: 'It broke' }, 'shop')).toEqual({
      text: 'The runtime refused this: It broke',
      detail: 'SOMETHING_NEW',
    });
  });
});

describe('the page state when the socket will not open', () => {
  const watch = (answer: Probe) => {
    const shown: PageState[] = [];
    let stops = 0;
    const probes: Probe[] = [];
    const watcher = new ConnectionWatch({
      probe: async () => {
        probes.push(answer);
        return answer;
      },
      show: (state) => shown.push(state),
      stop: () => {
        stops += 1;
      },
    });
    return { watcher, shown, stops: () => stops, probes };
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('stops at an unknown context, and ignores what the stopped client reports after', async () => {
    const { watcher, shown, stops } = watch({ reached: true, status: 404, code: 'UNKNOWN_CONTEXT' });
    watcher.clientState('reconnecting');
    await settle();
    watcher.clientState('closed');
    watcher.clientState('reconnecting');
    await settle();
    expect(shown).toEqual(['reconnecting', 'unknown-context']);
    expect(stops()).toBe(1);
  });

  it('stops without a token (401) or a grant (403)', async () => {
    for (const [status, state] of [
      [401, 'unauthenticated'],
      [403, 'forbidden'],
    ] as const) {
      const { watcher, shown, stops } = watch({ reached: true, status });
      watcher.clientState('reconnecting');
      await settle();
      expect(shown.at(-1)).toBe(state);
      expect(stops()).toBe(1);
    }
  });

  it('is offline while nothing answers, keeps retrying, and is live once the socket opens', async () => {
    const { watcher, shown, stops, probes } = watch({ reached: false });
    watcher.clientState('reconnecting');
    await settle();
    watcher.clientState('reconnecting'); // the next attempt, within a second: not asked again
    await settle();
    expect(shown).toEqual(['reconnecting', 'offline']);
    expect(probes).toHaveLength(1);
    watcher.clientState('open');
    expect(shown.at(-1)).toBe('live');
    expect(stops()).toBe(0);
  });

  it('keeps reconnecting when the REST API answers: the socket only dropped', async () => {
    const { watcher, shown, stops } = watch({ reached: true, status: 200, keys: [] });
    watcher.clientState('reconnecting');
    await settle();
    expect(shown).toEqual(['reconnecting']);
    expect(stops()).toBe(0);
  });
});
