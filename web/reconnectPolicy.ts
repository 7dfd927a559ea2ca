/**
 * What the browser client does once its socket closed: end, reconnect at once, or back off. A
 * cut the gateway plans (1001: API Gateway's 2-hour connection limit, or its idle time) is no
 * failure: waiting would only widen the gap, so the client reconnects at once and resumes.
 */

/** The close code of a connection ended by its lifetime or idle limit. */
export const GOING_AWAY = 1001;

/**
 * A 1001 counts as planned only after the connection was open this long: a server that cuts
 * every connection as it opens is backed off from, not reconnected to in a loop.
 */
export const PLANNED_CUT_MIN_OPEN_MS = 1_000;

export type AfterClose = 'end' | 'reconnect-now' | 'back-off';

export interface ClosedSocket {
  /** The close event's code. */
  code: number;
  /** How long it was open; undefined if it never opened. */
  openForMs: number | undefined;
  /** The code of the error frame the server sent before closing (TOKEN_EXPIRED, UNKNOWN_CONTEXT). */
  endedBy: string | undefined;
  /** Whether a fresh token can be had (a token function, not a fixed token). */
  renewable: boolean;
}

export const afterClose = ({ code, openForMs, endedBy, renewable }: ClosedSocket): AfterClose => {
  // Reconnecting cannot help a retired context, nor an expired token that cannot be renewed.
  if (endedBy === 'UNKNOWN_CONTEXT' || (endedBy === 'TOKEN_EXPIRED' && !renewable)) return 'end';
  // An expired token is replaced at once.
  if (endedBy === 'TOKEN_EXPIRED') return 'reconnect-now';
  if (code === GOING_AWAY && openForMs !== undefined && openForMs >= PLANNED_CUT_MIN_OPEN_MS) return 'reconnect-now';
  return 'back-off';
};
