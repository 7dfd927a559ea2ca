import { resolve } from 'node:path';
import { localJwtSecret } from '../local/devSecret';
import { mintToken } from '../shared/adapters/auth/hs256Tokens';
import type { Role } from '../shared/application/access';

/** Where the running local runtime answers (CAIRN_URL, default http://127.0.0.1:3000). */
export const runtimeUrl = (): string => process.env.CAIRN_URL ?? 'http://127.0.0.1:3000';

/**
 * The bearer header for an admin call: CAIRN_TOKEN, or a short-lived token minted with the local
 * runtime's own secret (same CAIRN_DATA_DIR), granting `role` in the given contexts.
 */
export const adminHeaders = async (subject: string, roles: Record<string, Role>): Promise<Record<string, string>> => {
  const token =
    process.env.CAIRN_TOKEN ??
    (await mintToken(localJwtSecret(resolve(process.env.CAIRN_DATA_DIR ?? '.cairn')), {
      subject,
      roles,
      ttlSeconds: 3600,
    }));
  return { authorization: `Bearer ${token}` };
};
