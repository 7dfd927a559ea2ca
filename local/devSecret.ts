import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the runtime keeps the secret it generated, in its data directory. */
export const devSecretPath = (dataDir: string): string => join(dataDir, 'dev-secret');

/**
 * The HS256 secret that a local runtime on `dataDir` signs with, if there is one yet:
 * `CAIRN_JWT_SECRET` if set, otherwise the one it generated on its first start. The CLI reads it
 * this way, so that a token minted in the wrong directory is refused here, not by the runtime.
 */
export const existingJwtSecret = (dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array | undefined => {
  if (env.CAIRN_JWT_SECRET) return new TextEncoder().encode(env.CAIRN_JWT_SECRET);
  const path = devSecretPath(dataDir);
  return existsSync(path) ? new TextEncoder().encode(readFileSync(path, 'utf8').trim()) : undefined;
};

/**
 * The HS256 secret of the local runtime: `CAIRN_JWT_SECRET` if set, otherwise one generated on the
 * first start and kept (owner-only) in the data directory, so that tokens survive restarts.
 */
export const localJwtSecret = (dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array => {
  const existing = existingJwtSecret(dataDir, env);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(devSecretPath(dataDir), randomBytes(32).toString('hex'), { mode: 0o600 });
  return localJwtSecret(dataDir, env);
};
