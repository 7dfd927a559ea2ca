/**
 * Where the HTTP commands (`contexts`, `replay`) send their calls and with which token: the local
 * runtime by default, or a deployed stack (`--url https://<api>/prod --token <jwt>`).
 */
import { resolve } from 'node:path';
import { mintToken } from '#adapters/auth/hs256Tokens';
import type { Role } from '#application/access';
import { localJwtSecret } from '../local/devSecret';
import { isLoopback } from '../local/loopback';

/** The options every HTTP command takes, for `parseArgs`. */
export const TARGET_OPTIONS = { url: { type: 'string' }, token: { type: 'string' } } as const;

/** The local runtime's default address. */
export const LOCAL_URL = 'http://127.0.0.1:3000';

/** A bad command line: printed with the command's usage, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A call answered with an error: printed as `<status> <code>: <message>`, exit status 1. */
export class AdminCallError extends Error {
  override readonly name = 'AdminCallError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

export interface AdminTarget {
  /** The base URL, without a trailing slash: `http://127.0.0.1:3000`, `https://<api>/prod`. */
  url: string;
  /** The bearer token given (flag, then CAIRN_TOKEN); without it, one is minted for a local runtime. */
  token: string | undefined;
}

/** `--url` before CAIRN_URL before the local runtime; `--token` before CAIRN_TOKEN. */
export const adminTarget = (
  flags: { url?: string | undefined; token?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): AdminTarget => {
  const raw = flags.url ?? (env.CAIRN_URL || LOCAL_URL);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new UsageError(`--url '${raw}' is not a URL (e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/prod)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--url '${raw}' is not an http(s) URL`);
  }
  if (parsed.search || parsed.hash) throw new UsageError(`--url '${raw}': the base URL takes no query or fragment`);
  const token = flags.token ?? (env.CAIRN_TOKEN || undefined);
  if (token !== undefined && !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) {
    throw new UsageError('--token is not a JWT (three dot-separated base64url parts)');
  }
  // A minted token is signed with this checkout's local secret, which only a local runtime knows.
  if (token === undefined && !isLoopback(parsed.hostname)) {
    throw new UsageError(`${parsed.origin} is not a local runtime: pass --token <jwt> (or CAIRN_TOKEN)`);
  }
  return { url: parsed.href.replace(/\/+$/, ''), token };
};

/**
 * The bearer header for an admin call: the target's token, or a short-lived one minted with the
 * local runtime's own secret (same CAIRN_DATA_DIR), granting `role` in the given contexts.
 */
export const adminHeaders = async (
  target: AdminTarget,
  subject: string,
  roles: Record<string, Role>,
): Promise<Record<string, string>> => {
  const token =
    target.token ??
    (await mintToken(localJwtSecret(resolve(process.env.CAIRN_DATA_DIR ?? '.cairn')), {
      subject,
      roles,
      ttlSeconds: 3600,
    }));
  return { authorization: `Bearer ${token}` };
};

/**
 * One JSON call; an answer outside `expected` is an AdminCallError, read from Cairn's error body
 * (`{"error": {code, message}}`) or API Gateway's own (`{"message"}`: a refused token, no route).
 */
export const callJson = async (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: unknown },
  expected: (status: number) => boolean = (status) => status >= 200 && status < 300,
): Promise<unknown> => {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: init.body === undefined ? init.headers : { ...init.headers, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (error) {
    throw new AdminCallError(0, 'UNREACHABLE', `cannot reach ${url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AdminCallError(response.status, 'NOT_JSON', `${url} answered ${text.slice(0, 200) || 'nothing'}`);
  }
  if (expected(response.status)) return json;
  const body = json as { error?: { code?: string; message?: string }; message?: string };
  const hint = response.status === 401 || response.status === 403 ? ' (check --token / CAIRN_TOKEN)' : '';
  throw new AdminCallError(
    response.status,
    body.error?.code ?? 'GATEWAY',
    `${body.error?.message ?? body.message ?? text}${hint}`,
  );
};

/** Runs a command's body: a UsageError exits 2 with `usage`, any other error exits 1 with its message. */
export const runCommand = async (usage: string, body: () => Promise<void>): Promise<void> => {
  try {
    await body();
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\nusage: ${usage}`);
      process.exit(2);
    }
    console.error((error as Error).message);
    process.exit(1);
  }
};
