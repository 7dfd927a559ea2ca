import type { TokenVerifier } from '#application/access';
import type { ContextCatalog } from '#application/contextCatalog';
import type { Domain } from '#core/domain';
import type { ConnectAuthenticator } from '#handlers/websocket/websocketApi';
import type { Authenticator } from '#http/authorize';
import type { CorsOrigins } from '#http/cors';
import type { ContextGate } from '#ports/contextGate';
import type { CairnAdapters } from './cairnAdapters';

/** Where the handlers report what went wrong: Powertools' Logger in Lambda, the console locally. */
export interface CairnLog {
  error(message: string, error: unknown): void;
  warn(message: string, error: unknown): void;
}

export interface CairnConfig {
  domain: Domain;
  adapters: CairnAdapters;
  /** Which contexts exist; without it every well-formed name does. */
  contexts?: ContextGate;
  /** The `_admin` area's contexts (create, retire); without it contexts are open or fixed. */
  contextCatalog?: ContextCatalog;
  /** Who sent a REST request: behind API Gateway's authorizer, or the token verified here; none: auth off. */
  authenticate?: Authenticator;
  /** Who opens a WebSocket, and the verifier of the tokens its `authenticate` frames carry. */
  /** `endpoint`: the management endpoint that reaches this process's sockets, recorded per connection. */
  sockets?: { authenticate?: ConnectAuthenticator; verify?: TokenVerifier; endpoint?: string };
  /** The origins whose pages may call the REST API: the REST handlers add the CORS headers. */
  cors?: CorsOrigins;
  /** Whether the projection worker pushes changed views to subscribers (a WebSocket API exists). */
  livePush?: boolean;
  /** The receive on which the projection worker dead-letters a failing event. */
  projectionDeadLetterAt: number;
  /** Whether this process can run projection rebuilds (it outlives its answers: not Lambda). */
  rebuilds?: boolean;
  log: CairnLog;
  newId?: () => string;
  now?: () => Date;
}
