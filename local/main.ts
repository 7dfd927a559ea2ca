/** `npm start`: the whole of Cairn in one process, with the embedded stores under CAIRN_DATA_DIR. */
import './quietAwsSdk';
import { hs256Verifier, mintToken } from '#adapters/auth/hs256Tokens';
import { oidcVerifier } from '#adapters/auth/oidcTokens';
import { tokenVerifier } from '#adapters/auth/tokenVerifier';
import { createSampleDomain } from '#domain/index';
import { localJwtSecret } from './devSecret';
import { isLoopback } from './loopback';
import { type LocalRuntime, startLocalRuntime } from './runtime';
import { printStartupBanner } from './startupBanner';
import { startupFailure } from './startupFailure';
import { type StartupSettings, startupSettings } from './startupSettings';

let settings: StartupSettings | undefined;
let runtime: LocalRuntime;
let devToken: string | undefined;
let embedDevToken = false;
try {
  settings = startupSettings();
  const { dataDir, tokenRules, oidc, contexts, host } = settings;
  // Auth is on: tokens signed with the local secret (and, with CAIRN_OIDC_ISSUER, an OIDC issuer's)
  // are checked on REST and WebSocket; the printed dev token is admin everywhere. CAIRN_AUTH=off
  // turns it off, here only: the CDK stack has no such switch.
  const secret = settings.authOff ? undefined : localJwtSecret(dataDir);
  devToken =
    secret &&
    (await mintToken(secret, {
      subject: 'dev',
      roles: Object.fromEntries([...(contexts ?? ['default']), '_admin'].map((context) => [context, 'admin' as const])),
    }));
  // Beyond loopback the page would hand the admin dev token to anyone on the network: opt in only.
  embedDevToken = isLoopback(host) || settings.embedDevToken;
  // Runtimes of one deployment push to each other's sockets through their management APIs, every
  // request signed with a key from the secret they share (CAIRN_CLUSTER_SECRET, else the JWT secret).
  const { secret: clusterSecret, ...management } = settings.management;
  const managementSecret = clusterSecret ? new TextEncoder().encode(clusterSecret) : secret;
  runtime = await startLocalRuntime({
    // The sample processes' one setting: how long after its last todo is done a list is archived.
    domain: createSampleDomain({ archiveAfter: settings.archiveAfter }),
    management: { ...management, ...(managementSecret && { secret: managementSecret }) },
    ...(settings.queueVisibilityMs !== undefined && { queueVisibilityMs: settings.queueVisibilityMs }),
    verify:
      secret &&
      tokenVerifier({
        hs256: hs256Verifier(secret, tokenRules),
        oidc: oidc && oidcVerifier({ ...oidc, rules: tokenRules }),
      }),
    demoToken: devToken,
    embedDemoToken: embedDevToken,
    port: settings.port,
    host,
    dataDir,
    store: settings.store,
    contexts,
    corsOrigins: settings.corsOrigins,
    fsync: settings.fsync,
    streamLeaseMs: settings.streamLeaseMs,
    runtimeLeaseMs: settings.runtimeLeaseMs,
  });
} catch (error) {
  // A mistake a user can fix is one line that says how, not a stack (CAIRN_DEBUG=1 shows it).
  const { line, exitCode } = startupFailure(error, settings);
  console.error(line);
  if (process.env.CAIRN_DEBUG === '1') console.error(error);
  process.exit(exitCode);
}
printStartupBanner(runtime, settings, devToken, embedDevToken);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  // Releases the port and the data directory's LOCK before exiting: `npm run dev` starts the next
  // process as soon as this one is gone.
  await runtime.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
