/**
 * `npx cairn token`: mints a token with the local runtime's secret (CAIRN_JWT_SECRET, or the dev
 * secret in CAIRN_DATA_DIR), for curl, the WebSocket and other contexts than the printed dev token's.
 */
import { resolve } from 'node:path';
import { mintToken } from '#adapters/auth/hs256Tokens';
import { isRole, ROLES } from '#application/access';
import { CONTEXT_PATTERN } from '#core/ids';
import { tokenRulesFromEnv } from '#runtime/tokenRulesFromEnv';
import { devSecretPath, existingJwtSecret } from '../local/devSecret';
import { CliError, UsageError } from './cliErrors';
import { COMMON_OPTIONS, type Command, parseCommandLine, printResult } from './commandLine';

/** The default lifetime, as the printed dev token's: a working day. */
const DEFAULT_TTL_SECONDS = 12 * 3600;
/** The context of the contexts' own admin routes (`npx cairn contexts`): a token may grant it too. */
const ADMIN_AREA = '_admin';

const OPTIONS = {
  context: { type: 'string', multiple: true },
  role: { type: 'string' },
  subject: { type: 'string' },
  ttl: { type: 'string' },
  ...COMMON_OPTIONS,
} as const;

const maxLifetime = (): number => {
  try {
    return tokenRulesFromEnv().maxLifetimeSeconds;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
};

const ttlOf = (raw: string | undefined, max: number): number => {
  if (raw === undefined) return Math.min(DEFAULT_TTL_SECONDS, max);
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
    throw new UsageError(`--ttl '${raw}' is not a whole number of seconds, at least 1 (e.g. 3600)`);
  }
  if (Number(raw) > max) {
    throw new UsageError(`--ttl ${raw}: tokens live at most ${max} s here (CAIRN_TOKEN_MAX_LIFETIME)`);
  }
  return Number(raw);
};

export const command: Command = {
  usage: 'npx cairn token [--context <c>]... [--role reader|writer|admin] [--subject <s>] [--ttl <seconds>] [--json]',
  help: `Mints a bearer token signed with the local runtime's secret: CAIRN_JWT_SECRET if set, else the
dev-secret that npm start keeps in its data directory (CAIRN_DATA_DIR, default .cairn). Use it
with curl (Authorization: Bearer <token>) and the WebSocket (?token=<token>), for the contexts
and roles that the dev token npm start prints does not cover.

  --context <c>      a context the token grants; repeat for several (default: default;
                     _admin opens the contexts' admin routes, as npx cairn contexts uses)
  --role <r>         reader, writer or admin, in every context given (default: writer)
  --subject <s>      whom the token names, its sub (default: cli)
  --ttl <seconds>    how long it lives (default: 43200, 12 h; at most CAIRN_TOKEN_MAX_LIFETIME,
                     86400 unless set)
  --json             {"token", "subject", "roles", "expiresAt"} instead of the bare token

With no options it mints a writer token for the context default, for 12 h.

  TOKEN=$(npx cairn token)
  npx cairn token --context shop --context billing --role admin --ttl 3600`,

  run: async (args) => {
    const { values, positionals } = parseCommandLine('token', args, OPTIONS);
    if (positionals.length > 0) {
      throw new UsageError(
        `token takes no arguments, only options (got '${positionals[0]}'; a context is --context <c>)`,
        {
          withUsage: true,
        },
      );
    }
    const contexts = values.context ?? ['default'];
    for (const context of contexts) {
      if (!CONTEXT_PATTERN.test(context) && context !== ADMIN_AREA) {
        throw new UsageError(
          `--context '${context}' is not a context name (lowercase letters, digits and dashes, 1-32 characters; or _admin)`,
        );
      }
    }
    const role = values.role ?? 'writer';
    if (!isRole(role))
      throw new UsageError(`--role '${role}' is not a role: ${ROLES.slice(0, -1).join(', ')} or ${ROLES.at(-1)}`);
    const ttlSeconds = ttlOf(values.ttl, maxLifetime());
    const dataDir = resolve(process.env.CAIRN_DATA_DIR ?? '.cairn');
    const secret = existingJwtSecret(dataDir);
    if (!secret) {
      throw new CliError(
        `no secret to sign with: ${devSecretPath(dataDir)} does not exist — run this where npm start runs (or with its CAIRN_DATA_DIR), start it once to create it, or set CAIRN_JWT_SECRET`,
      );
    }
    const subject = values.subject ?? 'cli';
    const roles = Object.fromEntries(contexts.map((context) => [context, role]));
    const token = await mintToken(secret, { subject, roles, ttlSeconds });
    // The token's own expiry (its `exp`, whole seconds), for a script that renews before it.
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
    const expiresAt = new Date(exp * 1000).toISOString();
    printResult(values.json, { token, subject, roles, expiresAt }, () => [token]);
  },
};
