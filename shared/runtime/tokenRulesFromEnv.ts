import { DEFAULT_TOKEN_RULES, type TokenTimeRules } from '#adapters/auth/tokenTimes';
import { ENV } from './environment';

/** CAIRN_TOKEN_MAX_LIFETIME (seconds) → the rules; a bad value stops the process at start. */
export const tokenRulesFromEnv = (env: NodeJS.ProcessEnv = process.env): TokenTimeRules => {
  const raw = env[ENV.tokenMaxLifetime];
  if (raw === undefined || raw === '') return DEFAULT_TOKEN_RULES;
  const seconds = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds >= 60))
    throw new Error(`${ENV.tokenMaxLifetime} must be a number of seconds, at least 60; got '${raw}'`);
  return { ...DEFAULT_TOKEN_RULES, maxLifetimeSeconds: seconds };
};
