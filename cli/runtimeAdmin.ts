/**
 * Where the HTTP commands (`contexts`, `replay`) send their calls and with which token: the local
 * runtime by default, or a deployed stack (`--url https://<api>/prod --token <jwt>`).
 */
import { isLoopback } from '../local/loopback';
import { UsageError } from './cliErrors';

/** The local runtime's default address. */
export const LOCAL_URL = 'http://127.0.0.1:3000';

export interface AdminTarget {
  /** The base URL, without a trailing slash: `http://127.0.0.1:3000`, `https://<api>/prod`. */
  url: string;
  /** The bearer token given (flag, then CAIRN_TOKEN); without it, one is minted for a local runtime. */
  token: string | undefined;
  /** Where the URL came from, for the messages that say what to change. */
  urlFrom: '--url' | 'CAIRN_URL' | 'default';
  /** Where the token came from; undefined when none was given. */
  tokenFrom: '--token' | 'CAIRN_TOKEN' | undefined;
}

/** `--url` before CAIRN_URL before the local runtime; `--token` before CAIRN_TOKEN. */
export const adminTarget = (
  flags: { url?: string | undefined; token?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): AdminTarget => {
  const urlFrom = flags.url !== undefined ? '--url' : env.CAIRN_URL ? 'CAIRN_URL' : 'default';
  const raw = flags.url ?? (env.CAIRN_URL || LOCAL_URL);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new UsageError(
      `${urlFrom} '${raw}' is not a URL (e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/prod)`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`${urlFrom} '${raw}' is not an http(s) URL`);
  }
  if (parsed.search || parsed.hash)
    throw new UsageError(`${urlFrom} '${raw}': the base URL takes no query or fragment`);
  const tokenFrom = flags.token !== undefined ? '--token' : env.CAIRN_TOKEN ? 'CAIRN_TOKEN' : undefined;
  const token = flags.token ?? (env.CAIRN_TOKEN || undefined);
  if (token !== undefined && !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) {
    throw new UsageError(
      `${tokenFrom} is not a JWT (three dot-separated base64url parts): mint one with npx cairn token`,
    );
  }
  // A minted token is signed with this checkout's local secret, which only a local runtime knows.
  if (token === undefined && !isLoopback(parsed.hostname)) {
    throw new UsageError(`${parsed.origin} is not a local runtime: pass --token <jwt> (or CAIRN_TOKEN)`);
  }
  return { url: parsed.href.replace(/\/+$/, ''), token, urlFrom, tokenFrom };
};
