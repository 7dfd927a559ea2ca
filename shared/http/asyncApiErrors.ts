/**
 * The codes a WebSocket error frame (`{"type":"error","code","message",...}`) can carry, with when
 * each is sent, for the AsyncAPI document. Codes are read off the typed errors (as the OpenAPI
 * document's are), so a renamed code changes the document; a command's own refusals are not here:
 * they arrive in its `commandResult`.
 */
import { CairnError, ThrottledError, TokenExpiredError } from '#core/errors';
import { ERRORS } from './openApiErrors';

export interface SocketError {
  error: CairnError;
  when: string;
  /** True when the server closes the connection right after this frame. */
  closes?: true;
}

export const SOCKET_ERRORS: readonly SocketError[] = [
  { error: ERRORS.invalidJson, when: 'The frame is not JSON' },
  {
    error: new CairnError('UNKNOWN_ACTION', 400, ''),
    when: 'Its `action` is none of the known ones (`knownActions` lists them)',
  },
  { error: ERRORS.validation, when: "The frame does not match its action's schema (`fields` says where)" },
  { error: ERRORS.payloadTooLarge, when: 'The frame is above 128 KB (above 1 MiB the socket is closed with 1009)' },
  { error: ERRORS.unknownProjection, when: '`subscribe`/`unsubscribe` names no projection of the domain' },
  { error: ERRORS.unauthenticated, when: "`authenticate`'s token does not verify" },
  {
    error: ERRORS.forbidden,
    when: "The connection's role does not allow the action (`command` needs writer), or `authenticate`'s token is another subject's or grants nothing here",
  },
  {
    error: new TokenExpiredError(0),
    when: "The connection's token has expired (`expiredAt`): sent instead of the frame's answer or a push",
    closes: true,
  },
  { error: ERRORS.unknownContext, when: "The connection's context was retired", closes: true },
  {
    error: new CairnError('NOT_CONNECTED', 410, ''),
    when: 'The connection is not registered (it was closed meanwhile): reconnect',
  },
  {
    error: new ThrottledError(0, 0),
    when: 'Too many frames (`ratePerSecond`, `burst`): the frame was not handled; past far more, the socket is closed with 1008',
  },
  { error: ERRORS.internal, when: 'The server failed on this frame: send it again' },
];

/** The error frame's description: one line per code. */
export const socketErrorsDescription = (): string =>
  SOCKET_ERRORS.map(
    ({ error, when, closes }) => `- \`${error.code}\`: ${when}${closes ? '; then the connection is closed' : ''}.`,
  ).join('\n');
