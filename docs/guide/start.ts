/**
 * `npx tsx docs/guide/start.ts`: the local runtime with the guide's domain in place of the sample
 * one: the same gateways, stores and event flow as `npm start`, tokens checked with the secret
 * kept in CAIRN_DATA_DIR (so `npx cairn token` mints tokens it accepts). PORT (3000),
 * CAIRN_DATA_DIR (`.cairn/guide`) and HOLD_FOR (`PT15M`) configure it.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hs256Verifier } from '#adapters/auth/hs256Tokens';
import { tokenVerifier } from '#adapters/auth/tokenVerifier';
import { tokenRulesFromEnv } from '#runtime/tokenRulesFromEnv';
import { localJwtSecret } from '../../local/devSecret';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { createSeatDomain } from './seat';

export interface SeatRuntimeOptions {
  port: number;
  dataDir: string;
  /** How long a hold lasts unconfirmed (an ISO 8601 duration). */
  holdFor?: string;
}

export const startSeatRuntime = (options: SeatRuntimeOptions): Promise<LocalRuntime> =>
  startLocalRuntime({
    domain: createSeatDomain({ holdFor: options.holdFor }),
    port: options.port,
    dataDir: options.dataDir,
    contexts: new Set(['default']),
    verify: tokenVerifier({ hs256: hs256Verifier(localJwtSecret(options.dataDir), tokenRulesFromEnv()) }),
  });

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runtime = await startSeatRuntime({
    port: Number(process.env.PORT ?? 3000),
    dataDir: resolve(process.env.CAIRN_DATA_DIR ?? '.cairn/guide'),
    holdFor: process.env.HOLD_FOR,
  });
  console.log(`Seats listening on ${runtime.url} (holds expire after ${process.env.HOLD_FOR ?? 'PT15M'})`);
  const stop = () => void runtime.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
