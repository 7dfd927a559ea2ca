/**
 * The composition root as every Lambda function runs it: the sample domain on the AWS adapters,
 * configured from the environment (ENV), behind API Gateway's authorizer. Built once per cold
 * start; each function's entry picks its handler, and only what that handler uses is created.
 */
import { createDocumentClient } from '#adapters/dynamodb/documentClient';
import { DynamoContextStore } from '#adapters/dynamodb/dynamoContextStore';
import { ContextCatalog } from '#application/contextCatalog';
import { fixedContexts } from '#application/contextGates';
import { PROJECTION_MAX_RECEIVES } from '#application/limits';
import { createSampleDomain } from '#domain/index';
import { gatewayConnectAuthenticator } from '#handlers/websocket/websocketApi';
import { gatewayAuthenticator } from '#http/authorize';
import { awsAdapters } from './awsAdapters';
import { composeCairn } from './composeCairn';
import { contextsFromEnv, corsOriginsFromEnv, optionalEnv } from './env';
import { ENV } from './environment';
import { lambdaLog } from './logger';
import { once } from './once';
import { tokenVerifierFromEnv } from './tokenVerifierFromEnv';

/** How stale a function's view of the catalog may be: a retired context is refused everywhere within this. */
const CONTEXTS_REFRESH_MS = 5000;
const fixed = contextsFromEnv();
const contextsTable = optionalEnv(ENV.contextsTable);
// With the catalog table, the contexts are the catalog's (seeded once from CAIRN_CONTEXTS, then
// created and retired in the `_admin` area; each instance re-reads them at most every 5 s).
// CAIRN_CONTEXTS=* keeps every well-formed name open, as without a table.
const catalog =
  contextsTable && fixed
    ? new ContextCatalog(new DynamoContextStore(createDocumentClient(), contextsTable), {
        seed: fixed,
        refreshMs: CONTEXTS_REFRESH_MS,
        onRefreshError: (error) => lambdaLog.warn('context catalog unreadable; serving the last known set', error),
      })
    : undefined;
// Only the functions that verify tokens themselves (an `authenticate` frame) have the secret.
const verifier = once(() => tokenVerifierFromEnv());

export const lambdaCairn = composeCairn({
  // The sample processes' setting, from the stack's `archiveAfter` context value (P7D without it).
  domain: createSampleDomain({ archiveAfter: optionalEnv(ENV.archiveAfter) }),
  adapters: awsAdapters(),
  contexts: catalog ?? (fixed && fixedContexts(fixed)),
  contextCatalog: catalog,
  authenticate: gatewayAuthenticator,
  sockets: { authenticate: gatewayConnectAuthenticator, verify: async (token) => (await verifier()())(token) },
  cors: corsOriginsFromEnv(),
  // The stack gives the pushing functions the WebSocket API's management endpoint.
  livePush: optionalEnv(ENV.websocketEndpoint) !== undefined,
  projectionDeadLetterAt: PROJECTION_MAX_RECEIVES,
  log: lambdaLog,
});
