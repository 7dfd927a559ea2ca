import { resolve } from 'node:path';
import type { TokenTimeRules } from '#adapters/auth/tokenTimes';
import { parseDuration } from '#core/duration';
import { CONTEXT_PATTERN } from '#core/ids';
import { DEFAULT_ARCHIVE_AFTER } from '#domain/todoList/archiveProcess';
import type { CorsOrigins } from '#http/cors';
import { contextsFromEnv, corsOriginsFromEnv } from '#runtime/env';
import { ENV } from '#runtime/environment';
import { tokenRulesFromEnv } from '#runtime/tokenRulesFromEnv';

/** A variable of `npm start` holds a value it cannot use: one line naming the variable, exit status 2. */
export class SettingError extends Error {
  override readonly name = 'SettingError';
}

/** Everything `npm start` reads from its environment, read once and checked before anything starts. */
export interface StartupSettings {
  port: number;
  host: string;
  dataDir: string;
  store: 'embedded' | 'aws';
  contexts: ReadonlySet<string> | undefined;
  corsOrigins: CorsOrigins;
  authOff: boolean;
  tokenRules: TokenTimeRules;
  oidc: { issuer: string; audience: string } | undefined;
  archiveAfter: string;
  management: { secret?: string; host?: string; port?: number; advertisedUrl?: string };
  queueVisibilityMs: number | undefined;
  streamLeaseMs: number | undefined;
  /** How long this runtime's lease in the roster outlives its last renewal (CAIRN_RUNTIME_LEASE). */
  runtimeLeaseMs: number | undefined;
  fsync: boolean;
  embedDevToken: boolean;
}

/** A variable's value, unset and empty alike being "not given" (a fresh shell's `VAR=`). */
const given = (env: NodeJS.ProcessEnv, name: string): string | undefined => (env[name] === '' ? undefined : env[name]);

const portOf = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const raw = given(env, name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65_535) {
    throw new SettingError(`${name} '${raw}' is not a port number (0 to 65535; 0 takes any free port)`);
  }
  return Number(raw);
};

const oneOf = <T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T => {
  const raw = given(env, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new SettingError(`${name} '${raw}' is not one of ${allowed.join(', ')} (default ${fallback})`);
  }
  return raw as T;
};

/** Runs a reader of the shared env helpers, its error message prefixed with the variable when it lacks it. */
const read = <T>(name: string, reader: () => T): T => {
  try {
    return reader();
  } catch (error) {
    const message = (error as Error).message;
    throw new SettingError(message.includes(name) ? message : `${name}: ${message}`);
  }
};

const urlOf = (env: NodeJS.ProcessEnv, name: string, example: string): string | undefined => {
  const raw = given(env, name);
  if (raw !== undefined && !URL.canParse(raw))
    throw new SettingError(`${name} '${raw}' is not a URL (e.g. ${example})`);
  return raw;
};

const contextsOf = (env: NodeJS.ProcessEnv): ReadonlySet<string> | undefined => {
  const contexts = contextsFromEnv({ [ENV.contexts]: 'default', ...env });
  for (const name of contexts ?? []) {
    if (!CONTEXT_PATTERN.test(name)) {
      throw new SettingError(
        `${ENV.contexts}: '${name}' is not a context name (lowercase letters, digits and dashes, 1-32 characters)`,
      );
    }
  }
  return contexts;
};

const durationMsOf = (env: NodeJS.ProcessEnv, name: string, atLeastMs: number): number | undefined => {
  const raw = given(env, name);
  if (raw === undefined) return undefined;
  const ms = read(name, () => parseDuration(raw));
  if (ms < atLeastMs) throw new SettingError(`${name} '${raw}' is too short: at least ${atLeastMs / 1000} s`);
  return ms;
};

const secondsOf = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const raw = given(env, name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) {
    throw new SettingError(`${name} '${raw}' is not a whole number of seconds, at least 1`);
  }
  return Number(raw);
};

export const startupSettings = (env: NodeJS.ProcessEnv = process.env): StartupSettings => {
  const store = oneOf(env, 'CAIRN_STORE', ['embedded', 'aws'], 'embedded');
  const issuer = urlOf(env, 'CAIRN_OIDC_ISSUER', 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc');
  const archiveAfter = given(env, ENV.archiveAfter) ?? DEFAULT_ARCHIVE_AFTER;
  read(ENV.archiveAfter, () => parseDuration(archiveAfter));
  // On shared queues (CAIRN_STORE=aws), what a runtime that dies holds comes back this soon.
  const visibilitySeconds = secondsOf(env, 'CAIRN_QUEUE_VISIBILITY_SECONDS') ?? (store === 'aws' ? 10 : undefined);
  const managementPort = portOf(env, 'CAIRN_MANAGEMENT_PORT');
  const managementUrl = urlOf(env, 'CAIRN_MANAGEMENT_URL', 'http://10.0.0.5:4001');
  return {
    port: portOf(env, 'PORT') ?? 3000,
    host: given(env, 'HOST') ?? '127.0.0.1',
    dataDir: resolve(given(env, 'CAIRN_DATA_DIR') ?? '.cairn'),
    store,
    contexts: contextsOf(env),
    corsOrigins: read(ENV.corsOrigins, () => corsOriginsFromEnv(env)),
    authOff: oneOf(env, 'CAIRN_AUTH', ['on', 'off'], 'on') === 'off',
    tokenRules: read(ENV.tokenMaxLifetime, () => tokenRulesFromEnv(env)),
    oidc: issuer ? { issuer, audience: env.CAIRN_OIDC_AUDIENCE ?? '' } : undefined,
    archiveAfter,
    management: {
      ...(given(env, 'CAIRN_CLUSTER_SECRET') && { secret: env.CAIRN_CLUSTER_SECRET }),
      ...(given(env, 'CAIRN_MANAGEMENT_HOST') && { host: env.CAIRN_MANAGEMENT_HOST }),
      ...(managementPort !== undefined && { port: managementPort }),
      ...(managementUrl && { advertisedUrl: managementUrl }),
    },
    queueVisibilityMs: visibilitySeconds && visibilitySeconds * 1000,
    // How long a stream lease outlives its owner's last renewal (CAIRN_STORE=aws, several runtimes on one stream).
    streamLeaseMs: durationMsOf(env, 'CAIRN_STREAM_LEASE', 1000),
    // How long a runtime's lease on its endpoint (its sockets) outlives its last renewal.
    runtimeLeaseMs: durationMsOf(env, 'CAIRN_RUNTIME_LEASE', 1000),
    fsync: env.CAIRN_FSYNC === '1',
    embedDevToken: env.CAIRN_EMBED_DEV_TOKEN === '1',
  };
};
