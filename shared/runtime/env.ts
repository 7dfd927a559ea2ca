import { type CorsOrigins, parseCorsOrigins } from '#http/cors';
import { ENV } from './environment';

/** Reads configuration once, failing fast with the variable's name when a required one is missing. */
export const requireEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string => {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`Missing required environment variable ${name}`);
  return value;
};

export const optionalEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string | undefined =>
  env[name] === '' ? undefined : env[name];

/** `CAIRN_CONTEXTS=shop,billing` → the set; unset → every well-formed context name is accepted. */
export const contextsFromEnv = (env: NodeJS.ProcessEnv = process.env): ReadonlySet<string> | undefined => {
  const raw = optionalEnv(ENV.contexts, env);
  if (raw === undefined || raw.trim() === '*') return undefined;
  return new Set(
    raw
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
};

/** `CAIRN_CORS_ORIGINS=https://app.example.com,http://localhost:5173`, or `*` (also when unset). */
export const corsOriginsFromEnv = (env: NodeJS.ProcessEnv = process.env): CorsOrigins =>
  parseCorsOrigins(optionalEnv(ENV.corsOrigins, env) ?? '*');
