import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The HS256 secret of the local runtime: `CAIRN_JWT_SECRET` if set, otherwise one generated on the
 * first start and kept (owner-only) in the data directory, so that tokens survive restarts.
 */
export const localJwtSecret = (dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array => {
  if (env.CAIRN_JWT_SECRET) return new TextEncoder().encode(env.CAIRN_JWT_SECRET);
  const path = join(dataDir, 'dev-secret');
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return new TextEncoder().encode(readFileSync(path, 'utf8').trim());
};
