/**
 * `npm run token -- --context <c> [--role reader|writer|admin] [--subject s] [--ttl seconds]`:
 * mints a token with the local runtime's secret (CAIRN_JWT_SECRET, or the dev secret in
 * CAIRN_DATA_DIR), for curl, the WebSocket and other contexts than the printed dev token's.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mintToken } from '#adapters/auth/hs256Tokens';
import { ROLES, type Role } from '#application/access';
import { tokenRulesFromEnv } from '#runtime/tokenRulesFromEnv';
import { localJwtSecret } from '../local/devSecret';

const { values } = parseArgs({
  options: {
    context: { type: 'string', multiple: true },
    role: { type: 'string', default: 'writer' },
    subject: { type: 'string', default: 'cli' },
    ttl: { type: 'string', default: String(12 * 3600) },
  },
});
const role = values.role as Role;
if (!values.context?.length || !ROLES.includes(role) || !/^\d+$/.test(values.ttl ?? '')) {
  console.error(
    'usage: npm run token -- --context <c> [--context <d>] [--role reader|writer|admin] [--subject s] [--ttl s]',
  );
  process.exit(2);
}
const { maxLifetimeSeconds } = tokenRulesFromEnv();
if (Number(values.ttl) > maxLifetimeSeconds) {
  console.error(`--ttl ${values.ttl}: tokens live at most ${maxLifetimeSeconds} s here (CAIRN_TOKEN_MAX_LIFETIME)`);
  process.exit(2);
}
const secret = localJwtSecret(resolve(process.env.CAIRN_DATA_DIR ?? '.cairn'));
const roles = Object.fromEntries(values.context.map((context) => [context, role]));
console.log(await mintToken(secret, { subject: values.subject ?? 'cli', roles, ttlSeconds: Number(values.ttl) }));
