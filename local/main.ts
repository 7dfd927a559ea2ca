/** `npm start`: the whole of Cairn in one process, with the embedded stores under CAIRN_DATA_DIR. */
import { resolve } from 'node:path';
import { hs256Verifier, mintToken } from '../shared/adapters/auth/hs256Tokens';
import { contextsFromEnv } from '../shared/runtime/env';
import { localJwtSecret } from './devSecret';
import { startLocalRuntime } from './runtime';

const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.CAIRN_DATA_DIR ?? '.cairn');
const store = process.env.CAIRN_STORE === 'aws' ? 'aws' : 'embedded';
const contexts = contextsFromEnv({ CAIRN_CONTEXTS: 'default', ...process.env });

// Auth: CAIRN_AUTH=on checks tokens (a dev token is printed). Off by default until issue 6 (auth
// everywhere, the CDK authorizer) lands, so that the command side's documented curl keeps working.
const authOff = process.env.CAIRN_AUTH !== 'on';
const secret = authOff ? undefined : localJwtSecret(dataDir);
const devToken =
  secret &&
  (await mintToken(secret, {
    subject: 'dev',
    roles: Object.fromEntries([...(contexts ?? ['default'])].map((context) => [context, 'admin' as const])),
  }));

const runtime = await startLocalRuntime({
  verify: secret && hs256Verifier(secret),
  demoToken: devToken,
  port,
  host: process.env.HOST ?? '127.0.0.1',
  dataDir,
  store,
  contexts,
  fsync: process.env.CAIRN_FSYNC === '1',
});

const contextList = contexts ? [...contexts].join(', ') : 'any';
console.log(`Cairn local runtime listening on ${runtime.url}`);
console.log(`  REST     POST ${runtime.url}/v1/default/commands`);
console.log(`  views    GET  ${runtime.url}/v1/default/views/todoList/<listId>`);
console.log(`  live     ${runtime.wsUrl}?context=default   (subscribe, unsubscribe, command, ping)`);
console.log(`  demo     ${runtime.url}/`);
console.log(`  health   GET  ${runtime.url}/health`);
console.log(
  `  store    ${store === 'aws' ? 'AWS adapters (endpoints from AWS_ENDPOINT_URL_*)' : `embedded, data in ${dataDir}`}`,
);
console.log(`  contexts ${contextList} (set CAIRN_CONTEXTS=a,b or * for any)`);
if (devToken) {
  console.log(
    '  auth     on: send Authorization: Bearer <token> (WebSocket: ?token=<token>); CAIRN_AUTH=off turns it off',
  );
  console.log(`  dev token (admin, 12 h; more with npm run token -- --context <c> --role <r>):\n${devToken}`);
} else {
  console.log('  auth     off (CAIRN_AUTH=on checks tokens): anyone reaching this port acts in every context');
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
