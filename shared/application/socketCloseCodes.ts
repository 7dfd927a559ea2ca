/**
 * The close codes of a WebSocket connection: the local gateway closes with them, and the AsyncAPI
 * document lists them (what each means and what a client does). Held here, not in local/, so that
 * the document the functions serve and the gateway that closes read the same numbers.
 */
export const CLOSE_CODES = {
  /** Kept sending far past the frame rate (THROTTLED ignored). */
  policyViolation: 1008,
  /** A frame above 1 MiB: not read at all. */
  messageTooBig: 1009,
  /** Its send buffer filled: the client stopped reading. Reconnect and resume from the version seen. */
  tryAgainLater: 1013,
  /** Idle for 10 minutes, or open for 2 hours: as API Gateway ends them. Reconnect and resume. */
  goingAway: 1001,
  /** Asked to close through the management API (DeleteConnection): token expired, context retired. */
  normal: 1000,
} as const;

export type CloseCodeName = keyof typeof CLOSE_CODES;

/** When each code is used and what the client does, keyed like CLOSE_CODES so that none goes unexplained. */
export const CLOSE_CODE_NOTES: Readonly<Record<CloseCodeName, { when: string; clientDoes: string }>> = {
  normal: {
    when: 'Closed through the management API: TOKEN_EXPIRED or UNKNOWN_CONTEXT (its error frame first), or a client that did not read. API Gateway closes with 1000 too, whatever the reason.',
    clientDoes: 'Act on the error frame; otherwise reconnect and resume.',
  },
  goingAway: {
    when: "No frame from the client for 10 minutes (pushes to it do not count), or open for 2 hours: API Gateway's limits.",
    clientDoes: 'Reconnect and resume; ping more often than every 10 minutes to stay open.',
  },
  policyViolation: {
    when: 'Kept sending far past the frame rate after THROTTLED answers (local gateway).',
    clientDoes: 'Slow down, reconnect.',
  },
  messageTooBig: {
    when: 'A frame above 1 MiB (between 128 KB and 1 MiB: a PAYLOAD_TOO_LARGE error frame, the socket stays) (local gateway).',
    clientDoes: 'Send smaller frames.',
  },
  tryAgainLater: {
    when: 'It stopped reading: 1 MiB of frames waited for it (local gateway).',
    clientDoes: 'Reconnect and resubscribe from the versions seen (no gap).',
  },
};
