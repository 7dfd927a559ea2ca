/** `npm start`: the whole of Cairn in one process, with the embedded stores under CAIRN_DATA_DIR. */
import { resolve } from 'node:path';
import { contextsFromEnv } from '../shared/runtime/env';
import { startLocalRuntime } from './runtime';

const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.CAIRN_DATA_DIR ?? '.cairn');
const store = process.env.CAIRN_STORE === 'aws' ? 'aws' : 'embedded';
const contexts = contextsFromEnv({ CAIRN_CONTEXTS: 'default', ...process.env });

const runtime = await startLocalRuntime({
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
