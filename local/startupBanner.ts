import { usesEmulators } from './emulatedAws';
import { isLoopback } from './loopback';
import type { LocalRuntime } from './runtime';
import type { StartupSettings } from './startupSettings';

/** What `npm start` prints once it listens: where everything is, and the settings that shaped it. */
export const printStartupBanner = (
  runtime: LocalRuntime,
  settings: StartupSettings,
  devToken: string | undefined,
  embedDevToken: boolean,
): void => {
  const { store, dataDir, contexts, corsOrigins, archiveAfter, host } = settings;
  const contextList = contexts ? [...contexts].join(', ') : 'any';
  console.log(`Cairn local runtime listening on ${runtime.url}`);
  console.log(`  REST     POST ${runtime.url}/v1/default/commands`);
  console.log(`  views    GET  ${runtime.url}/v1/default/views/todoList/<listId>`);
  console.log(`  live     ${runtime.wsUrl}?context=default   (subscribe, unsubscribe, command, ping)`);
  console.log(
    `  demo     ${runtime.url}/${devToken && !embedDevToken ? '   (no dev token in the page: HOST is not loopback; CAIRN_EMBED_DEV_TOKEN=1 puts it there for anyone who loads it)' : ''}`,
  );
  console.log(`  console  ${runtime.url}/console/   (streams, projections, dead letters, processes, contexts)`);
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
};
