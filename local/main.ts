/** `npm start`: the whole of Cairn in one process, with the embedded stores under CAIRN_DATA_DIR. */

import { resolve } from 'node:path';
import { hs256Verifier, mintToken } from '#adapters/auth/hs256Tokens';
import { oidcVerifier } from '#adapters/auth/oidcTokens';
import { tokenVerifier } from '#adapters/auth/tokenVerifier';
import type { Domain } from '#core/domain';
import { parseDuration } from '#core/duration';
import { createSampleDomain } from '#domain/index';
import { DEFAULT_ARCHIVE_AFTER } from '#domain/todoList/archiveProcess';
import { contextsFromEnv, corsOriginsFromEnv } from '#runtime/env';
import { ENV } from '#runtime/environment';
import { tokenRulesFromEnv } from '#runtime/tokenRulesFromEnv';
import { localJwtSecret } from './devSecret';
import { usesEmulators } from './emulatedAws';
import { isLoopback } from './loopback';
import { startLocalRuntime } from './runtime';

const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.CAIRN_DATA_DIR ?? '.cairn');
const store = process.env.CAIRN_STORE === 'aws' ? 'aws' : 'embedded';
const contexts = contextsFromEnv({ [ENV.contexts]: 'default', ...process.env });
const corsOrigins = corsOriginsFromEnv();

// Auth is on: tokens signed with the local secret (and, with CAIRN_OIDC_ISSUER, an OIDC issuer's)
// are checked on REST and WebSocket; the printed dev token is admin everywhere. CAIRN_AUTH=off
// turns it off, here only: the CDK stack has no such switch.
const authOff = process.env.CAIRN_AUTH === 'off';
const secret = authOff ? undefined : localJwtSecret(dataDir);
const tokenRules = tokenRulesFromEnv();
const oidcIssuer = process.env.CAIRN_OIDC_ISSUER;
const oidc = oidcIssuer
  ? oidcVerifier({ issuer: oidcIssuer, audience: process.env.CAIRN_OIDC_AUDIENCE ?? '', rules: tokenRules })
  : undefined;
const devToken =
  secret &&
  (await mintToken(secret, {
    subject: 'dev',
    roles: Object.fromEntries([...(contexts ?? ['default']), '_admin'].map((context) => [context, 'admin' as const])),
  }));

const host = process.env.HOST ?? '127.0.0.1';
// Beyond loopback the page would hand the admin dev token to anyone on the network: opt in only.
const embedDevToken = isLoopback(host) || process.env.CAIRN_EMBED_DEV_TOKEN === '1';

// The sample processes' one setting: how long after its last todo is done a list is archived.
const archiveAfter = process.env[ENV.archiveAfter] ?? DEFAULT_ARCHIVE_AFTER;
let domain: Domain;
try {
  domain = createSampleDomain({ archiveAfter });
} catch (error) {
  console.error(`CAIRN_ARCHIVE_AFTER: ${(error as Error).message}`);
  process.exit(2);
}

// Runtimes of one deployment push to each other's sockets through their management APIs, every
// request signed with a key from the secret they share (CAIRN_CLUSTER_SECRET, else the JWT secret).
const clusterSecret = process.env.CAIRN_CLUSTER_SECRET
  ? new TextEncoder().encode(process.env.CAIRN_CLUSTER_SECRET)
  : secret;
const managementPort = process.env.CAIRN_MANAGEMENT_PORT;
const management = {
  ...(clusterSecret && { secret: clusterSecret }),
  ...(process.env.CAIRN_MANAGEMENT_HOST && { host: process.env.CAIRN_MANAGEMENT_HOST }),
  ...(managementPort && { port: Number(managementPort) }),
  ...(process.env.CAIRN_MANAGEMENT_URL && { advertisedUrl: process.env.CAIRN_MANAGEMENT_URL }),
};

// On shared queues (CAIRN_STORE=aws), what a runtime that dies holds comes back this soon.
const visibilitySeconds = Number(process.env.CAIRN_QUEUE_VISIBILITY_SECONDS ?? (store === 'aws' ? 10 : Number.NaN));
// How long a lease outlives its owner's last renewal (CAIRN_STORE=aws, several runtimes): on a
// shard of the events stream, and on the runtime's place in the roster (its sockets).
const leaseSetting = (name: string): number | undefined => {
  const value = process.env[name];
  try {
    const ms = value ? parseDuration(value) : undefined;
    if (ms !== undefined && ms < 1000) throw new RangeError('at least 1 second (PT1S)');
    return ms;
  } catch (error) {
    console.error(`${name}: ${(error as Error).message}`);
    process.exit(2);
  }
};
const streamLeaseMs = leaseSetting('CAIRN_STREAM_LEASE');
const runtimeLeaseMs = leaseSetting('CAIRN_RUNTIME_LEASE');

const runtime = await startLocalRuntime({
  domain,
  management,
  ...(Number.isFinite(visibilitySeconds) && visibilitySeconds > 0 && { queueVisibilityMs: visibilitySeconds * 1000 }),
  verify: secret && tokenVerifier({ hs256: hs256Verifier(secret, tokenRules), oidc }),
  demoToken: devToken,
  embedDemoToken: embedDevToken,
  port,
  host,
  dataDir,
  store,
  contexts,
  corsOrigins,
  fsync: process.env.CAIRN_FSYNC === '1',
  streamLeaseMs,
  runtimeLeaseMs,
});

const contextList = contexts ? [...contexts].join(', ') : 'any';
console.log(`Cairn local runtime listening on ${runtime.url}`);
console.log(`  REST     POST ${runtime.url}/v1/default/commands`);
console.log(`  views    GET  ${runtime.url}/v1/default/views/todoList/<listId>`);
console.log(`  live     ${runtime.wsUrl}?context=default   (subscribe, unsubscribe, command, ping)`);
console.log(
  `  demo     ${runtime.url}/${devToken && !embedDevToken ? '   (no dev token in the page: HOST is not loopback; CAIRN_EMBED_DEV_TOKEN=1 puts it there for anyone who loads it)' : ''}`,
);
console.log(`  health   GET  ${runtime.url}/health`);
console.log(
  `  manage   ${runtime.managementEndpoint} (other runtimes of this deployment push to its sockets here, signed)`,
);
console.log(`  process  lists are archived ${archiveAfter} after their last todo is done (CAIRN_ARCHIVE_AFTER)`);
const deadlineTimer =
  store !== 'aws'
    ? `the embedded timer (${dataDir}/deadlines.jsonl)`
    : usesEmulators(process.env)
      ? `the embedded timer (${dataDir}/deadlines.jsonl), sent to the SQS process queue: LocalStack's scheduler runs no schedule`
      : 'EventBridge Scheduler, in SCHEDULE_GROUP_NAME';
console.log(`  deadlines kept by ${deadlineTimer}`);
console.log(
  `  store    ${store === 'aws' ? 'AWS adapters (endpoints from AWS_ENDPOINT_URL_*)' : `embedded, data in ${dataDir}`}`,
);
console.log(
  `  contexts ${contextList} (CAIRN_CONTEXTS=a,b or * for any; GET/POST ${runtime.url}/v1/_admin/contexts, npx cairn contexts)`,
);
console.log(
  `  cors     ${corsOrigins === '*' ? '*' : [...corsOrigins].join(', ')} may call the REST API (CAIRN_CORS_ORIGINS)`,
);
if (devToken) {
  console.log(
    '  auth     on: send Authorization: Bearer <token> (WebSocket: ?token=<token>); CAIRN_AUTH=off turns it off',
  );
  console.log(`  dev token (admin, 12 h; more with npx cairn token --context <c> --role <r>):\n${devToken}`);
} else {
  console.log('  auth     OFF (CAIRN_AUTH=off): anyone reaching this port acts in every context');
}
if (!isLoopback(host)) {
  console.log(`  network  listening on ${host}: the REST API and /ws are reachable from the network`);
}

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  await runtime.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
