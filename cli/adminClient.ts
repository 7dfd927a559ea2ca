/**
 * The HTTP calls of the commands that talk to a runtime or a stack, each error answer turned into
 * one sentence (see answerInWords). The token is the one given, or for a local runtime one minted
 * with its secret (same CAIRN_DATA_DIR), granting the roles the call needs and no more.
 */
import { resolve } from 'node:path';
import { mintToken } from '#adapters/auth/hs256Tokens';
import type { Role } from '#application/access';
import { devSecretPath, existingJwtSecret } from '../local/devSecret';
import { isLoopback } from '../local/loopback';
import { answerInWords, type CallSituation, type ErrorBody } from './answerInWords';
import { CliError } from './cliErrors';
import type { AdminTarget } from './runtimeAdmin';

/** How long a call may take before the CLI gives up on it. */
const CALL_TIMEOUT_MS = 30_000;

/** A call answered with an error, or not answered: its sentence, and `[status code]` when it was answered. */
export class AdminCallError extends CliError {
  override readonly name = 'AdminCallError';
  constructor(
    readonly status: number,
    readonly code: string,
    words: string,
  ) {
    super(status === 0 ? words : `${words} [${status} ${code}]`);
  }
}

export interface AdminClient {
  /** One JSON call on a path under the target's base URL; an answer outside `expected` is an AdminCallError. */
  call: (
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options?: { body?: unknown; expected?: (status: number) => boolean },
  ) => Promise<unknown>;
}

const unreachable = (situation: CallSituation, error: unknown): AdminCallError => {
  const { url, urlFrom } = situation.target;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') {
    return new AdminCallError(0, 'TIMEOUT', `${url} did not answer within ${CALL_TIMEOUT_MS / 1000} s`);
  }
  if (isLoopback(new URL(url).hostname) && cause?.code === 'ECONNREFUSED') {
    const given = urlFrom === 'default' ? '' : ` (from ${urlFrom})`;
    return new AdminCallError(
      0,
      'UNREACHABLE',
      `cannot reach the runtime at ${url}${given} — is \`npm start\` running? (or pass --url)`,
    );
  }
  const why = cause?.code ?? cause?.message ?? (error as Error).message;
  return new AdminCallError(0, 'UNREACHABLE', `cannot reach ${url} (${why}): check --url / CAIRN_URL`);
};

const isSuccess = (status: number) => status >= 200 && status < 300;

export const adminClient = async (
  target: AdminTarget,
  subject: string,
  roles: Record<string, Role>,
): Promise<AdminClient> => {
  const dataDir = resolve(process.env.CAIRN_DATA_DIR ?? '.cairn');
  // Read, never created here: a secret made up in the wrong directory would only be refused later.
  const secret = target.token === undefined ? existingJwtSecret(dataDir) : undefined;
  const token = target.token ?? (secret && (await mintToken(secret, { subject, roles, ttlSeconds: 3600 })));
  const situation: CallSituation = {
    target,
    secret: process.env.CAIRN_JWT_SECRET ? 'CAIRN_JWT_SECRET' : devSecretPath(dataDir),
    roles,
    token: target.tokenFrom ?? (token ? 'minted' : 'none'),
  };
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return {
    call: async (method, path, { body, expected = isSuccess } = {}) => {
      let response: Response;
      try {
        response = await fetch(`${target.url}${path}`, {
          method,
          headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
      } catch (error) {
        throw unreachable(situation, error);
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        const type = response.headers.get('content-type') ?? 'no content type';
        throw new AdminCallError(
          response.status,
          'NOT_JSON',
          `${target.url} answered ${type}, not Cairn's JSON: is it the base URL of a Cairn runtime or stack (https://<api>/prod)?`,
        );
      }
      if (expected(response.status)) return json;
      const { code, words } = answerInWords(response.status, (json ?? {}) as ErrorBody, situation);
      throw new AdminCallError(response.status, code, words);
    },
  };
};
