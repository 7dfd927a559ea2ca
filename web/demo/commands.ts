/**
 * Sends the page's commands and shows what went wrong, in words, where the user acted: under the
 * form that sent it (the field at fault marked) or in the list's own error line. A command never
 * leaves a rejected promise behind: no answer is a problem shown like any other.
 */
import type { SampleCommand, SampleViews } from '../../shared/domain/index';
import type { CairnClient, CommandResult } from '../cairnClient';
import { describeProblem, type Problem, unanswered } from './problems';

/** Where a command's problem is shown: a form (its `.form-error` line, its fields), or a line of its own. */
export type Feedback = { form: HTMLFormElement } | { line: HTMLElement };

const lineOf = (feedback: Feedback): HTMLElement | null =>
  'form' in feedback ? feedback.form.querySelector<HTMLElement>('.form-error') : feedback.line;

const fieldsOf = (feedback: Feedback): HTMLElement[] =>
  'form' in feedback ? [...feedback.form.querySelectorAll<HTMLElement>('[name]')] : [];

export const clearProblem = (feedback: Feedback): void => {
  const line = lineOf(feedback);
  line?.replaceChildren();
  for (const field of fieldsOf(feedback)) field.removeAttribute('aria-invalid');
};

export const showProblem = (problem: Problem, feedback: Feedback): void => {
  const line = lineOf(feedback);
  if (!line) return;
  const detail = problem.detail
    ? [' ', Object.assign(document.createElement('small'), { textContent: problem.detail })]
    : [];
  line.replaceChildren(problem.text, ...detail);
  const field = fieldsOf(feedback).find((candidate) => candidate.getAttribute('name') === problem.field);
  if (!field) return;
  line.id ||= `${field.id}-error`;
  field.setAttribute('aria-invalid', 'true');
  field.setAttribute('aria-describedby', line.id);
  field.focus();
  // The mark goes as soon as the field is edited.
  field.addEventListener('input', () => field.removeAttribute('aria-invalid'), { once: true });
};

export class Commands {
  constructor(
    private readonly client: CairnClient<SampleCommand, SampleViews>,
    private readonly context: string,
    /** Whether the socket is open now: a command that then gets no answer was sent. */
    private readonly isLive: () => boolean,
  ) {}

  /** Sends `command`; the answer if it succeeded, undefined (its problem shown) if not. */
  async send(
    command: SampleCommand,
    feedback: Feedback,
    options: { expectedVersion?: number } = {},
  ): Promise<CommandResult | undefined> {
    clearProblem(feedback);
    const button = 'form' in feedback ? feedback.form.querySelector<HTMLButtonElement>('[type="submit"]') : null;
    if (button) button.disabled = true;
    const sent = this.isLive();
    try {
      // A fresh key per command: the runtime does each once, however often the frame arrives.
      const result = await this.client.command(command, { idempotencyKey: crypto.randomUUID(), ...options });
      if (!result.error) return result;
      showProblem(describeProblem(result.error, this.context), feedback);
    } catch {
      showProblem(unanswered(sent), feedback);
    } finally {
      if (button) button.disabled = false;
    }
    return undefined;
  }
}
