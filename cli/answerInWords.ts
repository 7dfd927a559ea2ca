/**
 * A runtime's or a stack's refusal as one sentence for the person at the terminal: what was wrong,
 * in their terms, and what to do about it. Cairn answers `{"error": {code, message, ...}}`; API
 * Gateway answers its own refusals (a token its authorizer refused, a path it has no route for)
 * as `{"message"}`.
 */
import type { Role } from '#application/access';
import { oneLine } from '../local/oneLine';
import type { AdminTarget } from './runtimeAdmin';

/** What a call was made with: what the messages need to say what to change. */
export interface CallSituation {
  target: AdminTarget;
  /** Where a minted token's secret is: CAIRN_JWT_SECRET, or the dev-secret file of CAIRN_DATA_DIR. */
  secret: string;
  /** The roles the call needs, by context (what a minted token grants). */
  roles: Record<string, Role>;
  /** Where the bearer token came from; 'none' when there was none to send. */
  token: '--token' | 'CAIRN_TOKEN' | 'minted' | 'none';
}

export interface ErrorBody {
  error?: { code?: string; message?: string; knownProjections?: string[]; fields?: { message?: string }[] };
  message?: string;
}

const quoted = (message: string): string => /'([^']*)'/.exec(message)?.[1] ?? '';

const refusedToken = (situation: CallSituation, message: string): string => {
  const { secret } = situation;
  switch (situation.token) {
    case 'minted':
      return `the runtime refused the token the CLI signed with ${secret}: ${message} — run the CLI with the runtime's CAIRN_DATA_DIR (or CAIRN_JWT_SECRET), or pass --token`;
    case 'none':
      return `the runtime wants a token, and there is no ${secret} to sign one with — run the CLI with the runtime's CAIRN_DATA_DIR (or CAIRN_JWT_SECRET), or pass --token`;
    default:
      return /expired/i.test(message)
        ? `the token of ${situation.token} has expired — mint a fresh one (npx cairn token) or pass another`
        : `the runtime refused the token of ${situation.token}: ${message}`;
  }
};

const forbidden = (situation: CallSituation, message: string): string => {
  const needs = Object.entries(situation.roles);
  const flags = needs.map(([context]) => `--context ${context}`).join(' ');
  return `the token may not do this (${message}): it needs ${needs.map(([context, role]) => `${role} in ${context}`).join(' and ')} — the dev token npm start prints has it, or mint one: npx cairn token ${flags} --role admin`;
};

/** The sentence for an error answer, and the code to show beside it. */
export const answerInWords = (
  status: number,
  body: ErrorBody,
  situation: CallSituation,
): { code: string; words: string } => {
  const code = body.error?.code ?? 'GATEWAY';
  const message = oneLine(body.error?.message ?? body.message ?? '');
  const base = situation.target.url;
  const words = (() => {
    switch (code) {
      case 'UNAUTHENTICATED':
        return refusedToken(situation, message);
      case 'FORBIDDEN':
        return forbidden(situation, message);
      case 'UNKNOWN_PROJECTION':
        return `no projection named '${quoted(message)}' (known: ${body.error?.knownProjections?.join(', ') ?? '?'})`;
      case 'UNKNOWN_CONTEXT':
        return `no context named '${quoted(message)}' at ${base} (npx cairn contexts list shows them)`;
      case 'VALIDATION_FAILED': {
        const fields = (body.error?.fields ?? []).map((field) => field.message).filter(Boolean);
        return fields.length > 0 ? `${message}: ${fields.join('; ')}` : message;
      }
      case 'REBUILD_IN_PROGRESS':
        return `${message}: wait for it, or follow it with npx cairn replay ${quoted(message)} --status`;
      case 'REBUILD_NOT_FOUND':
        return `${message}: none has started since the runtime did (npx cairn replay ${quoted(message)} starts one)`;
      case 'ROUTE_NOT_FOUND':
        return `${base} has no such route: is it the base URL of a Cairn runtime or stack (https://<api>/prod)?`;
      case 'GATEWAY':
        if (status === 401) return refusedToken(situation, message || 'Unauthorized');
        // API Gateway answers a path that it has no resource for with 403 "Missing Authentication Token".
        if (status === 403 && /Missing Authentication Token/i.test(message)) {
          return `${base} has no such route: is --url the stack's base URL with its stage (https://<api>/prod)?`;
        }
        if (status === 403) return forbidden(situation, message || 'Forbidden');
        return `${base} answered ${status}: ${message || 'no message'}`;
      default:
        return status >= 500 ? `the runtime failed: ${message}` : message;
    }
  })();
  return { code, words };
};
